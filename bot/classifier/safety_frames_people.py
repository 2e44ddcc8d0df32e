"""Life-safety patterns, part 8: generic frames about people endangering people (issue 17).

Threats were the class the net recognised least on every independent corpus: a
threat is rarely worded with a threat word. These frames name what is done:

- one person holding, blocking or pulling another ("抓着她不放", "won't let me
  pass", "grabbed her arm") — threat;
- a known danger (an ex, a stalker, the man from before) coming or waiting
  ("前男友在楼下等 说要上来", "my ex turned up") — threat;
- someone watching children or women from hiding — threat;
- someone saying they will end their life, on a ledge, or who took all their
  pills — vulnerable (a passing "烦死了想死" only asks);
- chest pressure, a numb arm, a bad colour: added to the bodily states — medical.

The guards in safety.py (negation, hypothetical, past, all-clear) apply.
"""

from __future__ import annotations

from .safety_frames_words import WHO
from .safety_lexicon import FIGURATIVE, alt, en
from .safety_rule import near, rule

HOLDS = alt(
    r"不让(?:我|我们|她|他|孩子)(?:走|出去|出门|离开|下楼)|堵着(?:我|她|他)|拦着(?:我|她|他)(?:不让)?|"
    r"抓着(?:我|她|他|一个\S{0,3}|孩子|小孩)\S{0,3}不放|(?:拉|拽|扯)(?:着)?(?:她|他|孩子|小孩|我)(?:走|上车|进)|"
    r"(?:拉|拽|抢)(?:走)?(?:我|她|他)?(?:的)?(?:孩子|女儿|儿子)|按在地上|掐(?:着|住)(?:我|她|他)",
    en(
        r"won'?t let (?:me|us|her|him|them) (?:go|leave|out)(?! of the car)|blocking (?:me|us|her) (?:in|from leaving)",
        r"won'?t let (?:me|us|her|him) (?:pass|through|past)(?=[^.!?\n]{0,40}(?:scream|shout|yell|threat|push|shov|hit|grab|swear))",
        r"(?:man|guy|stranger|someone|somebody|bloke|he)(?: \w+){0,3} grabbed (?:my|her|his|a|the) (?:\w+ )?(?:arm|wrist|hand|hair|neck|daughter|son|child|kid)|(?:trying to )?(?:pull|drag)\w* (?:her|him|them|the (?:girl|boy|kid|child)) (?:away|into|off)",
        r"pinned (?:me|her|him) (?:down|against)|holding (?:me|her|him) (?:down|against|by the)|chok(?:ing|ed) (?:me|her|him)",
    ),
)
KNOWN_DANGER = alt(
    r"前夫|前男友|前妻|前女友|跟踪(?:我)?的(?:人|那个)|那个疯子",
    en(
        r"my ex(?:-?(?:husband|wife|boyfriend|girlfriend|partner))?|stalker|the (?:man|guy|woman) (?:from|who) (?:before|last time|yesterday)"
    ),
)
COMING = alt(
    r"说要上来|说要过来|说要进来|要上来|在(?:我家)?楼下等|在(?:我家)?门口等|找上门|堵在(?:门口|楼下)|又来了",
    en(
        r"(?:turned|showed) up|coming (?:up|over|round|back)|(?:says|said) (?:he|she)(?:'ll| will| is going to) come|waiting (?:outside|downstairs|at the (?:gate|door|lobby))",
        r"is (?:outside|downstairs|at the door|at my door|in the lobby|in the car park)",
    ),
)
WATCHING = alt(
    r"躲在\S{0,6}(?:看|盯|拍)|偷拍|盯着(?:孩子|小孩|女孩|女生|我女儿)|拿(?:着)?望远镜",
    en(
        r"hiding (?:behind|in|under) [^.!?\n]{0,40}watching|watching (?:the )?(?:kids|children|girls|women)|with binoculars",
        r"(?:filming|photographing|taking (?:photos|pictures) of) (?:the )?(?:kids|children|girls|women)",
    ),
)
ENDING_LIFE = alt(
    r"想不开|轻生|自杀(?!式)|割腕|跳楼(?!价|甩|大甩)|要跳下去|吃了(?:一整瓶|一瓶|很多|好多|所有)的?(?:药|安眠药)",
    en(
        r"suicid\w*|kill (?:him|her|them|my)sel(?:f|ves)|end (?:it all|her life|his life|their life|my life)|wants? to end it",
        r"(?:on|over|outside) the (?:balcony |roof |window )?(?:ledge|railing)s?|took (?:all|a lot of|too many|loads of|a whole (?:bottle|packet) of) (?:her |his |my |their |the )?(?:pills|tablets|meds|medication)",
    ),
)
WISH_TO_DIE = alt(r"想死|不想活", en(r"wants? to die|don'?t want to live"))
DIE_ROUTINE = alt(
    r"吵|烦|累|热死|笑死|困死|饿死|装修|噪音|物业费",
    en(r"noise|noisy|annoying|tired|bored|lol|haha|fees?|bills?"),
)
BODY_MORE = alt(
    r"胸口(?:闷|疼|痛|压着)|(?:手臂|胳膊|半边身子?)\S{0,2}(?:麻|没知觉)|脸色(?:很差|难看|不对|吓人)|满头大汗",
    en(
        r"chest (?:is )?(?:tight|pain|hurts|pressure)|(?:arm|side) (?:is |went |gone )?numb|looks? (?:grey|gray|awful|terrible)"
    ),
)

PEOPLE_FRAME_RULES = (
    rule("threat", HOLDS, drop_near=alt(r"玩|游戏|开玩笑", en(r"game|playing|joke|kidding"))),
    rule(
        "threat",
        rf"{KNOWN_DANGER}{near(40)}{COMING}",
        drop_near=alt(r"孩子抚养|接孩子|探视|离婚手续", en(r"custody|visitation|pick up the kids")),
        now=True,
    ),
    rule("threat", WATCHING),
    rule("vulnerable", ENDING_LIFE, drop_near=FIGURATIVE, imminent=True),
    rule("vulnerable", WISH_TO_DIE, weak=True, drop_near=DIE_ROUTINE, imminent=True),
    rule("medical", rf"{WHO}{near(24)}{BODY_MORE}", en(WHO) + rf"{near(40)}{BODY_MORE}"),
)
