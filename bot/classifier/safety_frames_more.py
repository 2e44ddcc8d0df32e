"""Life-safety patterns, part 9: more generic frames (issue 17).

- someone inside a lift said the other way round ("the elevator I'm in stopped",
  "stuck again … still inside");
- a balcony or roof door that shut or locked with someone left outside it;
- a live wire down, or bare wires in the rain or in water;
- someone still inside a car standing in floodwater;
- someone at the door for long, or trying its code or handle; someone climbing
  a building's outside into windows;
- nobody has seen a neighbour for days and the post piles up or the phone rings out;
- someone hanging on the outside of a railing, ledge or window.

The guards in safety.py (negation, hypothetical, past, all-clear) apply.
"""

from __future__ import annotations

from .safety_lexicon import LIFT, alt, en
from .safety_rule import near, rule

_ME_IN = en(r"i'm|i am|im|we're|we are|were|he's|she's|they're|he is|she is|they are")
LIFT_I_AM_IN = rf"{LIFT} {_ME_IN} in(?:side)?(?![a-z])"
STILL_INSIDE = en(r"still (?:inside|in here|in it|in there)")
LIFT_BAD = alt(
    r"停了|不动|不开|打不开|卡住|卡了",
    en(r"stopped|stuck|won'?t open|wont open|not moving|doors? (?:still )?shut|jammed|dropped"),
)
SHUT_OUT = alt(
    r"(?:阳台|天台|露台|楼顶)(?:的)?门\S{0,8}(?:关上|反锁|锁上|锁了|锁住|带上)",
    en(
        r"(?:balcony|roof|terrace) door (?:\w+ ){0,3}(?:shut|locked|closed) (?:behind|on) (?:me|us|her|him|them)"
    ),
)
OUTSIDE_LONG = alt(
    r"在外面\S{0,6}(?:站|待|等|困)|进不去|回不了屋|\d+ ?度|一个小时|半个?小时|好几个小时|出不来|岁",
    en(
        r"can'?t get back in|outside for|\d+ (?:minutes|mins|hours)|hot|cold|freezing|\d+ ?(?:years? old|yo)"
    ),
)
WIRE_DOWN = alt(
    r"电线\S{0,6}(?:断了|掉在地上|掉下来|垂下来|拖在地上)|(?:线|电线)(?:都)?(?:露|裸露)\S{0,6}(?=\S{0,20}(?:下雨|雨|水|湿))",
    en(
        r"(?:power |electric |electrical )?(?:line|cable|wire)s? (?:is |are )?(?:down|hanging down|fallen|on the ground|lying in)",
        r"(?:bare|exposed|live) (?:wires?|cables?)(?=[^.!?\n]{0,40}(?:rain|water|wet|puddle))",
    ),
)
IN_CAR_IN_WATER = alt(
    r"(?:司机|人|孩子|老人|乘客)\S{0,4}(?:还在|仍在|仲在|困在)车(?:里|内|上)",
    en(
        r"(?:driver|someone|people|passengers?|a (?:man|woman|kid|child))(?:'s| is| are)? (?:still |stuck |trapped )?(?:in|inside) (?:the |a |his |her )?car"
    ),
)
FLOODWATER = alt(r"水|淹|涝", en(r"water|flood\w*"))
AT_MY_DOOR = alt(
    r"在我(?:家)?门口(?:站|企|坐|蹲|守|等)\S{0,4}(?:很久|好久|好耐|半天|一个小时)|(?:试|按|撳|输)\S{0,2}(?:密码|门锁|指纹锁)",
    en(
        r"(?:standing|waiting|sitting) (?:at|outside) (?:my|our) door for (?:ages|a long time|an hour|\d+ (?:minutes|mins))",
        r"(?:trying|tried|pressing|punching in) (?:the |my |our )?(?:door )?(?:code|keypad|lock|handle)",
    ),
)
CODE_ROUTINE = alt(
    r"忘了|忘记|改密码|换密码|设置|重置|快递|外卖|修|坏了|我(?:一直|试了)",
    en(
        r"forgot|reset|change\w*|set up|delivery|courier|broken|fix|i (?:keep |kept )?(?:try|tried|trying)|doesn'?t work|not working|my code"
    ),
)
CLIMBING_IN = en(
    r"climb\w* (?:up )?(?:the )?(?:scaffolding|drainpipe|pipe|wall|balconies|balcony|building)[^.!?\n]{0,40}(?:windows?|balcon\w*|flats?)",
    r"(?:going|getting|climbing) (?:in)?to (?:\w+ )?windows",
)
NOT_SEEN_DAYS = alt(
    r"(?:好几天|几天|\d+天|[两三四五六七]天)(?:都)?没(?:见|看到|看见|出门|开门|露面)",
    en(
        r"(?:haven'?t|hasn'?t been|not been|nobody has|no one has) seen [^.!?\n]{0,40}(?:for|in) (?:\d+|a few|several|two|three|four|five|six) days"
    ),
)
SIGNS_INSIDE = alt(
    r"信箱|报纸|快递(?:堆|一直)|电话(?:没人接|不接|打不通)|敲门没人|灯一直",
    en(
        r"mail|post|newspapers?|parcels? (?:piled|piling)|phone rings? out|no answer|not answering|lights? (?:on|off) all"
    ),
)
HANGING_OUTSIDE = alt(
    r"(?:挂|吊|爬|站|坐)在\S{0,6}(?:阳台|窗户?|栏杆|护栏|窗台)外(?:面|边)?",
    en(
        r"hanging (?:on|onto|off|from) (?:the )?(?:outside of (?:the )?)?(?:\w+ )?(?:railing|ledge|window|balcony)",
        r"(?:on|climbing) the (?:wrong|outside) side of (?:the )?(?:\w+ )?(?:railing|barrier|fence|balcony)",
    ),
)

MORE_FRAME_RULES = (
    rule("trapped", rf"{LIFT_I_AM_IN}{near(30)}{LIFT_BAD}", detail="lift"),
    rule(
        "trapped",
        rf"{LIFT_BAD}{near(30)}{STILL_INSIDE}|{STILL_INSIDE}{near(30)}{LIFT_BAD}",
        requires=LIFT,
        detail="lift",
    ),
    rule(
        "trapped",
        rf"{SHUT_OUT}",
        need=OUTSIDE_LONG,
        drop_near=alt(r"狗|猫|宠物", en(r"dogs?|cats?|pets?")),
        detail="room",
    ),
    rule(
        "electric",
        WIRE_DOWN,
        need=alt(
            r"滋滋|火花|冒烟|水|雨|湿|带电|孩子|小孩|小朋友",
            en(r"sizzl\w*|spark\w*|smok\w*|water|rain\w*|wet|puddles?|live|kids?|children|buzz\w*"),
        ),
        drop_near=alt(
            r"网线|电话线|晾衣", en(r"internet|phone line|washing line|clothes ?line|fishing")
        ),
    ),
    rule(
        "flood", IN_CAR_IN_WATER, requires=FLOODWATER, drop_near=en(r"car ?wash|car ?park(?:ed)?")
    ),
    rule("threat", AT_MY_DOOR, drop_near=CODE_ROUTINE),
    rule("threat", CLIMBING_IN, drop_near=en(r"workers?|builders?|window cleaners?|scaffolders?")),
    rule(
        "vulnerable",
        NOT_SEEN_DAYS,
        need=SIGNS_INSIDE,
        drop_near=alt(r"旅游|出差|回老家", en(r"holiday|away|travel\w*")),
    ),
    rule(
        "vulnerable",
        HANGING_OUTSIDE,
        drop_near=alt(
            r"衣服|晾|花盆|空调", en(r"washing|clothes|laundry|plants?|flags?|lights|decorations")
        ),
    ),
)
