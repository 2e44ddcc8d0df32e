"""Life-safety patterns, part 7: generic frames instead of sentences (issue 17).

Five corpora written independently of the rules showed the same classes of miss:
an emergency described only by what is seen or heard. Rather than the words of
those sentences, these rules combine two *kinds* of word (safety_frames_words.py)
within one sentence:

- a person + a bad bodily state ("她手抬不起来", "rider … not moving much",
  "cuts everywhere", "speech went weird") — medical / injury;
- a violent act + nearness or now ("在楼下砸我的车 说要上来", "punched the glass
  in our stairwell") — threat;
- stuck + any enclosed place (a stairwell, a roof, a storage room) — trapped;
- a child or an old person not where they should be + unreachable ("不在家 电话
  手表关机", "not home, phone off, hours") — vulnerable;
- headache/dizziness/nausea + a closed room, a heater, a stove, cooking — gas
  (carbon monoxide), strong when several people or symptoms are named;
- water + still rising ("over the first step and still coming") — flood;
- a faint sign from someone shut in ("knocking weakly", "呻吟") — vulnerable.

The usual guards in safety.py (negation, hypothetical, past, all-clear) apply.
"""

from __future__ import annotations

from .safety_broad_words import ELECTRIC_THING
from .safety_frames_words import (
    ARCING,
    DIZZY,
    DOWN_EN,
    HOT,
    NEAR_NOW,
    PLACE,
    STATE_HURT_EN,
    STATE_HURT_ZH,
    STATE_MED_EN,
    STATE_MED_ZH,
    STATE_ROUTINE,
    STUCK,
    STUCK_ROUTINE,
    TOUCH_NUMB,
    VIOLENT,
    VIOLENT_JUST,
    VIOLENT_ROUTINE,
    WHO,
)
from .safety_lexicon import (
    CHILD_EN,
    CHILD_ZH,
    ELDER_EN,
    ELDER_ZH,
    FIGURATIVE,
    HEDGE,
    LIFT,
    POWER_OUT,
    WATER_OUT,
    alt,
    en,
)
from .safety_rule import near, rule
from .safety_rules_fifth import OUT_EN, OUT_EN_WATER, OUT_ZH, OUT_ZH_WATER

STATE_MED = alt(STATE_MED_ZH, STATE_MED_EN)
STATE_HURT = alt(STATE_HURT_ZH, STATE_HURT_EN)

# --- missing ------------------------------------------------------------------------
ABSENT = alt(
    r"不在家|没回家|没到家|还没回|还没到|没回来|找不到|不见了|没见到|联系不上|不在(?:学校|小区|楼下)",
    en(
        r"(?:isn'?t|is not|not|wasn'?t) (?:home|back|there|anywhere|at (?:school|home))|hasn'?t (?:come|got|gotten|been) (?:home|back)|didn'?t come (?:home|back)",
        r"(?:should|supposed to|meant to) (?:have been|be) (?:home|back)|(?:can'?t|cannot) find|nowhere to be (?:found|seen)|missing|hasn'?t (?:turned|shown) up",
    ),
)
UNREACHABLE = alt(
    r"关机|打不通|联系不上|没人接|不接电话|没接|找遍|都找了|也不在|到处找|几个小时|天黑|(?:应该|早该|早就该)(?:到家|回来|放学)",
    en(
        r"phone (?:is |'s )?(?:off|dead|switched off)|(?:goes|going|went) (?:straight )?to voicemail|(?:not|isn'?t) answering|no answer|can'?t reach|looked everywhere|searched",
        r"\d+ hours?|hours|since (?:school|lunch|this morning)|it'?s dark|should have been (?:home|back)",
    ),
)
MISSING_ROUTINE = alt(
    r"快递|包裹|外卖|维修|上门|师傅|送货|签收|抄表|钥匙|门禁卡",
    en(
        r"deliver\w*|parcels?|packages?|repair\w*|plumber|engineer|technician|visit|keys?|fob|sign for"
    ),
)

# --- carbon monoxide ------------------------------------------------------------------
SYMPTOM = alt(
    r"头晕|头疼|头痛|发晕|想吐|恶心|犯困|昏昏沉沉|昏沉|乏力|胸闷|没力气",
    en(
        r"headaches?|head ?aches?|dizzy|dizziness|nause\w*|feel(?:s|ing)? sick|drowsy|sleepy|light-?headed|groggy"
    ),
)
CLOSED = alt(
    r"门窗(?:都)?(?:关|紧闭)|关着窗|窗(?:户)?(?:都)?关着|没开窗|不通风|密闭|烧炭|炭火|炭盆|煤炉|炉子|取暖器|暖炉|热水器|燃气灶|做饭|炒菜|煮饭|厨房|发电机",
    en(
        r"closed up|shut up|windows? (?:are |were )?(?:shut|closed)|no ventilation|no air|heater|boiler|stove|oven|cooking|kitchen|fireplace|charcoal|generator|gas fire|furnace",
    ),
)
SEVERAL = alt(
    r"全家|一家人|家里人|我们都|大家都|都(?:头晕|头疼|头痛|想吐|恶心)|(?:孩子|老人|老公|老婆)也",
    en(
        r"whole family|all of us|everyone|every one of us|we all|we both|both of us|the kids|my (?:husband|wife|kids) too|family"
    ),
)
TWO_SYMPTOMS = rf"{SYMPTOM}{near(30)}{SYMPTOM}"

# --- water rising ---------------------------------------------------------------------------
RISING = alt(
    r"越来越(?:多|高|深)|还在(?:涨|往上涨|往里灌|往里流|冒|往外冒)|一直(?:在)?(?:涨|灌|往里流|往外冒)|漫过|没过(?:脚|脚踝|台阶|膝盖)|淹到|止不住",
    en(
        r"still (?:coming|rising|pouring|flowing|going)|keeps? (?:coming|rising)|(?:is )?rising|getting (?:higher|deeper)|over the (?:\w+ )?steps?",
        r"up to (?:my|the|our) (?:ankles?|knees?|shins?)|(?:inches|cm) deep|won'?t stop|can'?t stop it",
    ),
)
WATER = alt(
    r"(?<![热温费价压])水(?![费价压温表])",
    en(r"water(?! (?:bill|pressure|meter|heater|rates?|tank level))|flood\w*"),
)
RISING_ROUTINE = alt(
    r"水费|水价|水压|水温|热水|费用", en(r"bills?|price|pressure|temperature|hot water|costs?")
)

# --- faint signs from someone shut in -----------------------------------------------------------
# a call for help heard now: strong unless hedged ("好像有人在喊")
HELP_CALL = alt(
    r"喊救命|呼救|喊人救|叫救命|喊(?:着)?救命",
    en(r"(?:calling|shouting|crying|screaming|yelling)(?: out)?(?: for)? help"),
)
# someone inside who has not come out for long
INSIDE_LONG = alt(
    r"(?:一|两|二|三|半|几)个?(?:多)?(?:小时|钟头)(?:都|还)?没(?:有)?出来|(?:还|一直|都)没(?:有)?出来|没动静",
    en(
        r"hasn'?t come out|been in (?:there|the \w+) (?:for )?(?:over |more than )?(?:an? |\d+ )(?:hour|hours)"
    ),
)
FAINT = alt(
    r"微弱的?(?:敲|声|呼|喊)|有气无力|呻吟|哼哼|敲墙|在喊救命|呼救",
    en(
        r"knock\w*(?: \w+){0,4} weakly|weak(?:ly)? knock\w*|faint (?:knock\w*|cries|voice|calls?|tapping)|moaning|groaning|calling (?:out )?for help|cry\w* for help"
    ),
)
NO_ANSWER = alt(
    r"不开门|没人开门|不应|没回应|没人应|不回答|反锁|锁着|独居|一个人住",
    en(
        r"door (?:is )?locked|(?:doesn'?t|does not|won'?t|isn'?t|not) (?:answer|answering|respond|responding|open)|lives alone|no answer"
    ),
)

# --- someone inside a lift or an enclosed place, and it goes wrong -------------------------
_WHO_IN = r"(?:我|我们|人|孩子|小孩|老人|女儿|儿子|妈|爸|他|她|他们|老婆|老公)(?:还|都|正|现在)?在"
IN_LIFT = alt(
    rf"{_WHO_IN}{LIFT}(?:里|里面|里头)?",
    en(
        rf"(?:i'm|i am|we're|we are|he's|she's|they're|he is|she is|they are) (?:still )?(?:in|inside) (?:the |a )?{LIFT}"
    ),
)
GOES_WRONG = alt(
    r"没反应|不动|停了|停住|不开|打不开|黑了|卡住|卡了|卡在|往下掉|掉下去|掉了一下|下滑|往下滑|晃(?:得|了一下|动)",
    en(
        r"stopped|stuck|won'?t (?:open|move)|not moving|dark|dropped|jolted|shaking|no response|nothing happens|dead"
    ),
)
IN_PLACE = alt(
    rf"{_WHO_IN}{PLACE}(?:里|里面|上|内)?",
    en(
        rf"(?:i'm|i am|we're|we are|he's|she's|they're|he is|she is|they are) (?:still )?(?:in|inside|on) (?:the |a )?{PLACE}"
    ),
)
SHUT = alt(
    r"从外面锁|锁了|锁上了|锁住了|打不开|开不了|出不去|出不来|推不开",
    en(r"locked|won'?t open|can'?t open|jammed|shut behind|no way out|can'?t get out"),
)
EBIKE_FIRE = alt(
    rf"(?:电动车|电瓶车|电车|充电宝|电池|电瓶|充电器){near(16)}(?:着了|着火|起火|烧起来|爆了|炸了|冒烟|冒火)",
)

FRAME_RULES = (
    rule("electric", TOUCH_NUMB),
    rule(
        "electric", rf"{ELECTRIC_THING}{near(40)}{HOT}|{HOT}{near(20)}{ELECTRIC_THING}", need=ARCING
    ),
    rule("trapped", rf"{IN_LIFT}{near(30)}{GOES_WRONG}", drop_near=FIGURATIVE, detail="lift"),
    rule(
        "trapped",
        rf"{IN_PLACE}{near(30)}{SHUT}",
        drop_near=alt(
            STUCK_ROUTINE,
            FIGURATIVE,
            r"修|换|维修",
            en(r"fix|repair|replace|look at|shower|locker"),
        ),
        detail="room",
    ),
    rule("fire", EBIKE_FIRE, drop_near=alt(r"换|买|充电桩|收费|能不能", en(r"buy|replace|price"))),
    rule(
        "medical",
        rf"{WHO}{near(24)}{STATE_MED}",
        en(rf"{WHO}") + rf"{near(50)}{STATE_MED_EN}",
        drop_near=STATE_ROUTINE,
        drop_if=FIGURATIVE,
    ),
    rule(
        "injury",
        rf"{WHO}{near(24)}{STATE_HURT}|{STATE_HURT}{near(12)}{WHO}",
        en(rf"{WHO}") + rf"{near(60)}{STATE_HURT_EN}",
        DOWN_EN,
        drop_near=STATE_ROUTINE,
        drop_if=FIGURATIVE,
    ),
    rule(
        "medical",
        rf"{WHO}{near(24)}{DIZZY}",
        weak_if=alt(
            r"经常|老是|总是|容易|有时|一到", en(r"gets?|often|always|sometimes|usually|tends? to")
        ),
        drop_near=STATE_ROUTINE,
        drop_if=alt(FIGURATIVE, POWER_OUT, WATER_OUT, OUT_ZH, OUT_EN, OUT_ZH_WATER, OUT_EN_WATER),
    ),
    rule(
        "threat",
        rf"{VIOLENT}{near(40)}{NEAR_NOW}|{NEAR_NOW}{near(40)}{VIOLENT}",
        VIOLENT_JUST,
        drop_if=VIOLENT_ROUTINE,
        imminent=True,
    ),
    rule(
        "threat",
        r"(?:(?:又是|还是|同一个)(?:男的|男人|人|陌生人|家伙)|那个(?:男的|陌生人|家伙))"
        + rf"{near(30)}(?:门口|门外|楼下|窗外)",
        en(r"(?:same|that|this) (?:guy|man|person|woman|stranger|bloke|dude)")
        + rf"{near(80)}"
        + en(
            r"outside (?:our|my) (?:\w+ )?(?:door|flat|unit|house|window)|at (?:our|my) (?:front )?door"
        ),
        requires=alt(
            r"现在|又|还在|正在|坐在|站在|蹲在|守在",
            en(
                r"(?:is|'s|are) (?:now |again |still )?(?:sitting|standing|waiting|hanging|lurking|loitering|pacing|back)|now|again"
            ),
        ),
        now=True,
    ),
    rule(
        "trapped",
        rf"{STUCK}{near(16)}{PLACE}|{PLACE}{near(16)}{STUCK}",
        drop_near=alt(STUCK_ROUTINE, FIGURATIVE),
        detail="room",
    ),
    rule(
        "trapped",
        en(r"(?:exits?|doors?)(?: \w+){0,3} (?:is |are |was )?(?:chained|padlocked|locked|blocked)")
        + rf"{near(60)}"
        + en(r"can'?t get (?:out|back in)|stuck|trapped|no way out"),
        en(r"can'?t get (?:out|back in)|stuck|trapped|no way out")
        + rf"{near(60)}"
        + en(
            r"(?:exits?|doors?)(?: \w+){0,3} (?:is |are |was )?(?:chained|padlocked|locked|blocked)"
        ),
        drop_near=STUCK_ROUTINE,
        detail="room",
    ),
    rule(
        "vulnerable",
        rf"(?:{CHILD_ZH}|{ELDER_ZH}){near(30)}{ABSENT}",
        rf"(?:{CHILD_EN}|{ELDER_EN}){near(60)}{ABSENT}",
        requires=UNREACHABLE,
        drop_if=MISSING_ROUTINE,
    ),
    rule(
        "gas",
        rf"{SYMPTOM}{near(50)}{CLOSED}|{CLOSED}{near(50)}{SYMPTOM}",
        need=alt(SEVERAL, TWO_SYMPTOMS),
    ),
    rule(
        "flood",
        rf"{WATER}{near(40)}{RISING}",
        drop_near=RISING_ROUTINE,
    ),
    # named "threat" as the older rules name a cry for help (same route: security)
    rule(
        "threat",
        HELP_CALL,
        weak_if=HEDGE,
        drop_if=alt(r"电视|游戏|演戏|玩", en(r"tv|film|movie|game|playing|pretend\w*|joke|drama")),
    ),
    rule(
        "vulnerable",
        INSIDE_LONG,
        need=NO_ANSWER,
        drop_if=alt(r"猫|狗|宠物|快递|外卖|钥匙", en(r"cats?|dogs?|pets?|parcels?|keys?")),
    ),
    rule(
        "vulnerable",
        FAINT,
        need=NO_ANSWER,
        drop_if=alt(r"猫|狗|宠物", en(r"cats?|dogs?|pets?|tv|film|movie|game")),
    ),
)
