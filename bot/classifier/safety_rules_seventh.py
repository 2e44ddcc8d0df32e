"""Life-safety patterns, part 7: families a sixth independent corpus showed missing.

- a child locked in a room or a car; anyone confined where the door does not
  open from inside; people locked out on a roof;
- a battery that went pop and the next ones catching; a cable in a puddle;
- water pouring into a lift pit; water over the ankles with someone who cannot walk;
- a medical device running flat in an outage;
- a beating heard now; a child choking and turning purple; chest pain with a
  cold sweat; lips or throat swelling; a cut that will not stop bleeding;
- a toddler alone near water or climbing at a railing;
- someone saying they will end their life, or giving their things away;
- knocking inside a lift shaft; carbon-monoxide symptoms beside a boiler;
  a socket that went bang and hurt someone; legs giving way on dark stairs;
  a stalker waiting by one's lift.
"""

from __future__ import annotations

from .safety_lexicon import alt, en
from .safety_rule import near, rule

CHILD_ZH = r"小囡|孩子|小孩|宝宝|婴儿|幼童|幼儿|娃|儿子|女儿|囡囡"
CHILD_EN = en(r"baby|babies|toddler|child|children|kids?|son|daughter|infant")
LOCKED_IN_ZH = (
    r"反锁|锁在(?:里面|房间|屋里|车里|厕所|卫生间)|锁车里|锁(?:在)?里面|关在(?:里面|车里|房间)"
)
HURT_AFTER_BANG = alt(
    r"烫伤|烧伤|麻|胸口|心口|心慌|疼|痛",
    en(r"burn\w*|tingl\w*|numb|chest|heart|hurt|pain"),
)
WALK = alt(
    r"走不动|走不了|站不稳|腿软|行动不便|坐轮椅|卧床|瘫痪",
    en(
        r"can'?t walk|cannot walk|unable to walk|wheelchair|bed-?ridden|legs? (?:are |is )?(?:weak|giving)"
    ),
)
DARK = alt(
    r"没有?电|停电|断电|楼道黑|黑漆漆|看不见", en(r"no power|power(?:'s| is)? out|dark|pitch black")
)
HEIGHT_OR_WATER = alt(
    r"湖|河|池|水边|水面|阳台|窗台|窗边|栏杆|马路|楼顶|天台",
    en(r"lake|pond|pool|river|water|balcony|railing|window|ledge|road|roof"),
)

SEVENTH_RULES = (
    # a child shut in a room or a car, with the key outside
    rule("trapped", rf"(?:{CHILD_ZH}){near(14)}(?:{LOCKED_IN_ZH})", detail="room"),
    rule(
        "trapped",
        rf"(?:{CHILD_ZH})(?:还|也|一个人)?(?:在|关在|困在)车里",
        requires=r"锁(?:上|住|了|车)|反锁",
        detail="room",
    ),
    rule(
        "trapped",
        rf"(?:锁车里|锁在车里|反锁){near(14)}(?:{CHILD_ZH})(?:也)?(?:在|关在)?车里",
        detail="room",
    ),
    rule(
        "trapped",
        en(
            rf"{CHILD_EN} (?:is |are |got |has been |have been )?(?:still )?(?:locked|shut|stuck) in (?:the |a |my |our |his |her |this |that )?(?:\w+ )?(?:room|bathroom|toilet|car|bedroom|cupboard|closet|wardrobe|shed|store|flat|house|balcony|garage|basement|lift|stairwell|office)",
            rf"locked (?:the |my |our )?keys in (?:the |my |our )?car with {near(10)}{CHILD_EN}",
            rf"{CHILD_EN}(?:'s| is| are) (?:still )?(?:locked )?in the (?:car|locked car)(?! seat)",
        ),
        detail="room",
    ),
    # confined where the door does not open from inside
    rule(
        "trapped",
        en(
            r"(?:i am|i'm|we are|we're) (?:currently |now |still )?(?:confined|locked|shut) in (?:the |a |my |our |his |her |this |that )?(?:\w+ )?(?:room|bathroom|toilet|car|bedroom|cupboard|closet|wardrobe|shed|store|flat|house|balcony|garage|basement|lift|stairwell|office)",
            r"(?:does(?:n't| not)|won't|will not|can'?t|cannot) (?:be )?open(?:ed)? from (?:the )?inside",
            r"door (?:has )?(?:slammed|closed|shut) (?:shut )?(?:behind (?:me|us) )?and (?:locked|won't open)",
        ),
        detail="room",
        drop_near=en(r"install\w*|fit(?:ted|ting)?|a lock that|the kind|the type"),
    ),
    rule(
        "trapped",
        r"(?:从)?里面(?:打不开|开不了|开唔到)|(?:门|房门)(?:从里面)?(?:锁死|打不开)了",
        detail="room",
        drop_near=r"能不能|换成|那种|想问|是否|吗",
    ),
    # a battery that went pop, the next ones catching
    rule(
        "fire",
        en(
            r"batter(?:y|ies)[^.!?\n]{0,30}(?:went pop|popped|went bang|exploded|caught fire|catching)",
            r"(?:are|is) (?:now )?catching(?= ?[.,!;]|$)",
        ),
    ),
    rule("fire", r"(?:电池|电瓶)\S{0,8}(?:炸了|爆了|砰的一声|嘭的一声|着起来)"),
    # a live cable in water
    rule(
        "electric",
        en(
            r"(?:cable|wire)s?[^.!?\n]{0,50}(?:touching|lying in|dangling in|in) (?:a |the )?(?:puddle|water)",
            r"water(?:'s| is) (?:buzzing|sparking|live)",
        ),
    ),
    rule(
        "electric",
        r"电线\S{0,10}(?:泡在水|碰到水|掉进水|搭在水|掉在水)|水(?:里)?(?:有电|在响|滋滋响)",
    ),
    # water pouring into a lift pit; water over the ankles with someone who cannot walk
    rule(
        "flood",
        r"电梯(?:井|坑|底坑)\S{0,2}(?:入(?:晒)?水|进水|淹了|灌水|全是水)",
        en(r"(?:lift|elevator) (?:pit|shaft) (?:is )?(?:full|flooding|flooded|filling)"),
    ),
    rule(
        "flood",
        r"(?:过|没过|淹过|漫过|淹到)(?:了)?脚(?:面|踝|背|脖子)",
        en(r"over (?:my |our |the |his |her )?ankles", r"over the (?:kerb|curb|step|threshold) of"),
        need=alt(
            WALK, r"有人在|人在下面", en(r"people are down there|someone(?:'s| is) down there")
        ),
    ),
    # a medical device running flat in an outage
    rule(
        "medical",
        r"(?:胰岛素泵|制氧机|呼吸机|氧气机)\S{0,12}(?:没电|快没电|电量(?:不多|不足|很低|低|快没)|只剩|充不了电)",
        en(
            r"(?:insulin pump|oxygen (?:machine|concentrator)|ventilator|cpap|dialysis machine)[^.!?\n]{0,40}"
            r"(?:1?\d ?%|(?:battery )?(?:is )?(?:low|dying|dead|flat)|needs charging|running out)"
        ),
        detail="power",
    ),
    # a beating heard now
    rule(
        "threat",
        r"(?:在|正在)打(?:伊|他|她)?(?:老婆|老公|媳妇|妻子|女人|孩子|小孩|娘子|小囡)(?!的|疫苗|电话|针|预防针|屁股)",
    ),
    # choking, turning purple; chest pain with a cold sweat; swelling; bleeding
    rule(
        "medical",
        r"(?:脸|嘴唇|嘴巴)(?:都|已经|开始)?(?:发)?(?:紫|青紫|发青)了?",
        r"(?:卡住|噎住)了?\S{0,6}(?:喘不|不能呼吸|说不出话)",
        en(
            r"(?:lips|face) (?:is |are )?(?:turning |gone |going )?(?:blue|purple)",
            r"(?:is |he's |she's )choking",
        ),
    ),
    rule("medical", r"(?:心口|胸口)(?:好|很|非常)?(?:痛|疼|闷)", need=r"冷汗|白车|救护车|120|喘不"),
    rule(
        "medical",
        r"嘴唇(?:都|也)?肿|喉咙(?:很|好|有点|发)?紧|(?:喘气|呼吸)(?:有|带)(?:声音|响声)",
        en(r"lips (?:are )?(?:swell\w*|swollen)|tongue (?:is )?(?:swell\w*|swollen)"),
        need=alt(
            r"喉咙|呼吸|喘|吃了|过敏|海鲜|花生|芒果",
            en(
                r"throat|breath\w*|wheez\w*|hoarse|ate|eating|allerg\w*|peanut|nuts?|shellfish|sting"
            ),
        ),
    ),
    rule(
        "injury",
        r"(?:还在|一直|止不住|不停(?:地)?)(?:流血|出血|在流|流)(?!水|汗|泪|鼻涕|口水)(?!吗)",
        en(
            r"won'?t stop bleeding|can'?t stop the bleeding|(?:keeps|still) bleeding|bleeding through"
        ),
        requires=alt(
            r"切到|割到|划到|划破|割破|伤口|刀|玻璃|血|毛巾",
            en(r"cut|glass|knife|wound|towel|blood"),
        ),
    ),
    # a toddler alone near water or a railing
    rule(
        "vulnerable",
        r"(?:未见|没有|没看到|不见)(?:监护人|大人|家长)|(?:幼童|幼儿|小孩|孩子|宝宝)\S{0,8}(?:独自|一个人)",
        en(
            r"no (?:adults?|parents?|grown-?ups?) (?:visible|around|in sight|with (?:him|her|them))",
            r"toddler[^.!?\n]{0,40}alone",
        ),
        requires=HEIGHT_OR_WATER,
    ),
    rule(
        "vulnerable",
        r"爬(?:上|到)?\S{0,6}(?:栏杆|窗台|护栏)",
        en(r"climbing (?:on|over|up)[^.!?\n]{0,30}(?:railing|balcony|window|ledge)"),
    ),
    # ending one's life
    rule(
        "vulnerable",
        en(
            r"don'?t want to be here any ?more",
            r"(?:door|it)[^.!?\n]{0,20}unlocked so (?:someone|somebody|you|they) (?:can|could|will) find me",
            r"(?:doesn'?t|does not|don'?t) want to (?:live|be alive|go on)",
        ),
        imminent=True,
    ),
    rule(
        "vulnerable",
        en(r"(?:won'?t|wouldn'?t|will not|would not) (?:be )?need(?:ing)? (?:them|it|these|those)"),
        requires=alt(
            r"送给我|把\S{0,6}送人", en(r"gave (?:me|away)|giving (?:me|away)|given (?:me|away)")
        ),
        imminent=True,
    ),
    rule("vulnerable", r"不想活", requires=HEIGHT_OR_WATER, imminent=True),
    # asked before: now strong
    rule(
        "trapped",
        en(
            r"knocking (?:coming )?from (?:inside )?the (?:lift|elevator)",
            r"(?:lift|elevator) display has (?:said|shown) \d+ for",
        ),
        detail="lift",
    ),
    rule(
        "gas",
        en(r"hard to wake|drowsy|won'?t wake", r"threw up|vomiting"),
        r"叫不醒|昏昏沉沉|都吐了",
        requires=alt(r"热水器|燃气|煤气|锅炉|炉子", en(r"boiler|heater|gas fire|stove")),
        need=alt(r"头痛|头疼|头晕", en(r"headaches?|dizzy")),
    ),
    rule(
        "electric",
        en(r"(?:socket|outlet|plug|switch)[^.!?\n]{0,30}(?:went bang|banged|exploded|blew up)"),
        r"(?:插座|插头|开关)\S{0,6}(?:砰|炸了|爆了)",
        need=HURT_AFTER_BANG,
    ),
    rule(
        "vulnerable",
        WALK,
        requires=DARK,
        need=alt(r"楼梯|楼道|下楼|上楼", en(r"stairs|stairwell")),
        weak_if=alt(r"想问|的时候", en(r"if there'?s ever|in case")),
    ),
    rule(
        "threat",
        en(
            r"(?:waiting|lurking|standing|hanging around) (?:by|at|outside|near) my (?:lift|door|flat|car)"
        ),
        r"(?:守在|等在|站在|蹲在)我(?:家)?(?:门口|电梯|楼下)",
        requires=alt(r"跟踪|尾随|跟着我", en(r"following me|followed me|stalk\w*")),
        now=True,
    ),
)
