"""The hand-written inputs of the message model: cue regexes and the bilingual topic lexicon.

Both are ordinary features (see features.py): the model learns what they mean from the
labelled set; they are never an answer lookup.
"""

from __future__ import annotations

import re

# Cue features: regexes over the normalised text. Each fires at most once.
CUES: dict[str, re.Pattern[str]] = {
    "question": re.compile(
        r"\?|？|吗|么[。.!]?$|呢[。.?]?$|请问|想问|问一下|问下|咨询|怎么|怎样|如何|为什么|为啥|"
        r"什么时候|啥时候|几点|多少|多久|哪里|哪儿|在哪|是否|是不是|能不能|可不可以|能否|有没有|"
        r"\b(?:how|when|what|where|why|which|who|whom|whether)\b|"
        r"\b(?:can|could|may|do|does|is|are|will|should|would)\s+(?:i|we|you|they|it|there|my|the)\b|"
        r"\b(?:wondering|any idea|anyone know|let me know)\b"
    ),
    "negation": re.compile(r"没|不|未|无|别|\b(?:no|not|never|nobody|nothing|none)\b|n't\b"),
    "sarcasm": re.compile(
        r"真是太好了|太好了|真棒|太棒了|好棒|真行|真厉害|真有你们的|佩服|服了|呵呵|谢谢你们啊|感谢.*(?:让|又)|"
        r"效率真高|效率好高|辛苦了啊|\b(?:great job|well done|thanks a lot|thanks for nothing|"
        r"wonderful|brilliant|love how|love that|amazing|impressive|fantastic|bravo|genius|"
        r"stellar|top notch|keep it up)\b|👏|🙄|😒"
    ),
    "complain": re.compile(
        r"投诉|意见|不满|太差|很差|差劲|过分|离谱|受不了|忍无可忍|一直|总是|老是|又|还是|好几|"
        r"天了|多次|反复|每天|天天|到底|凭什么|什么情况|搞什么|\b(?:complain|complaint|"
        r"unacceptable|ridiculous|terrible|awful|disgusting|annoying|fed up|sick of|"
        r"tired of|again|still|every day|every night|always|keeps?|constantly|weeks?|"
        r"months?|days? now)\b|😡|😠|🤬|😤"
    ),
    "service": re.compile(
        r"报修|工单|维修工|师傅|客服|物业|管家|前台|电话|没人来|没人管|没人处理|没人理|没人接|"
        r"态度|回复|处理|已完成|办结|敷衍|推脱|\b(?:ticket|request|reported|technician|"
        r"staff|reception|front desk|office|manager|nobody came|no one came|no reply|"
        r"no response|ignored|marked|closed|rude|follow up|hotline)\b"
    ),
    "past": re.compile(
        r"昨天|前天|上周|上个月|之前|以前|曾经|上次|\b(?:yesterday|last (?:week|month|night|time)|"
        r"earlier|before|ago|used to|was|were)\b"
    ),
    "hazard": re.compile(
        r"隐患|危险|安全|万一|迟早|会不会|担心|小心|\b(?:hazard|dangerous|danger|risk|"
        r"unsafe|could|might|worried|before someone)\b"
    ),
    "urg_now": re.compile(
        r"快|马上|立刻|赶紧|紧急|救命|急|现在|正在|\b(?:urgent|urgently|emergency|asap|help|now|"
        r"right now|immediately|hurry|quick|quickly|sos)\b|!!|🆘|🚨"
    ),
    "urg_trapped": re.compile(
        r"被困|困在|困住|困人|关人|关在|卡在|出不来|在里面|里面有人|有人在里面|\b(?:trapped|stuck in(?:side)?|"
        r"stuck between|can't get out|cannot get out|locked inside|inside|in there)\b"
    ),
    "urg_fire": re.compile(
        r"着火|起火|失火|火灾|火苗|明火|冒火|冒烟|浓烟|烟雾|全是烟|烟很大|好大的烟|烟味|烧焦|烧起来|火警|"
        r"\b(?:fire|smoke|smoking|flames?|burning|on fire|blaze)\b|🔥"
    ),
    "urg_gas": re.compile(r"煤气|燃气|天然气|液化气|\b(?:gas|lpg)\b"),
    "urg_flood": re.compile(
        r"爆管|爆了|爆裂|水管裂|裂了|破了|喷水|冒水|水柱|淹|水漫|漫水|进水|积水很深|漏水很大|大量漏水|"
        r"哗哗|灌进|涌|像下雨|全是水|都是水|往下流|往下灌|\b(?:flood|flooding|flooded|burst|gushing|"
        r"pouring|spraying|shooting|water everywhere|ankle deep|like rain|running down)\b"
    ),
    "urg_power": re.compile(
        r"停电|断电|没电|没有电|跳闸|黑了|漆黑|\b(?:power cut|power outage|blackout|no power|"
        r"power is out|power out|lost power|lost electricity|without power|no electricity|"
        r"outage|pitch black)\b"
    ),
    "urg_wide": re.compile(
        r"整栋|整幢|全楼|整个楼|整个小区|全小区|整层|一整栋|所有住户|全部|\b(?:whole building|"
        r"entire building|whole block|whole estate|entire estate|all floors|everyone|every flat|"
        r"all flats|whole of|completely|entire)\b"
    ),
    "urg_threat": re.compile(
        r"跟踪|尾随|跟着我|一直跟|撬门|撬锁|小偷|入室|闯入|砸门|持刀|拿刀|打人|打架|抢|偷|"
        r"可疑人|陌生男|\b(?:following|followed|break-in|breaking in|broke in|burglar|"
        r"thief|intruder|knife|attack|attacking|fight|fighting|stalking|stalker|threats?|"
        r"threatening|banging on my door|force the lock|stealing|"
        r"suspicious (?:man|guy|person)|trying (?:to open|the door|doors))\b"
    ),
}

# Domain lexicon: a bilingual word list per topic. Firing the same feature for
# "电梯" and "lift" lets Chinese and English examples share what they teach the
# model; which category (and kind) a topic points to is still learned.
TOPICS: dict[str, re.Pattern[str]] = {
    "lift": re.compile(
        r"电梯|电悌|货梯|客梯|轿厢|\b(?:lifts?|elevators?|elevater|elevtor|elevat)\b"
    ),
    "water": re.compile(
        r"水管|漏水|渗水|水压|停水|来水|自来水|下水|地漏|马桶|水龙头|排水|污水|总阀|水箱|水表|堵|"
        r"\b(?:pipes?|leak|leaks|leaking|leaky|tap|taps|faucet|toilet|drain|drains|sink|sewage|"
        r"water|plumb|plumber|plumbing|valve|clog|clogged|blocked)\b"
    ),
    "power": re.compile(
        r"停电|来电|断电|没电|供电|用电|电线|电表|电箱|配电|电工|跳闸|灯|\b(?:power|lights?|lamps?|"
        r"bulbs?|breaker|electric|electrical|electricity|wires?|wiring|outage|blackout)\b"
    ),
    "fire": re.compile(
        r"火|冒烟|浓烟|烟味|烟雾|消防|灭火|烟感|安全出口|\b(?:fire|smoke|extinguisher|hose|hydrant|"
        r"exit sign|flames?|burning)\b"
    ),
    "gas": re.compile(r"煤气|燃气|天然气|液化气|\b(?:gas)\b"),
    "access": re.compile(
        r"门禁|门卡|闸机|人脸|刷卡|刷不开|单元门|门岗|保安|监控|摄像头|访客|小偷|偷|撬|陌生|可疑|"
        r"\b(?:access|card|fob|gate|gates|turnstile|guard|guards|security|cctv|cameras?|visitors?|"
        r"stranger|thief|stolen|burglar|suspicious|intruder)\b"
    ),
    "facility": re.compile(
        r"对讲|门铃|健身|器材|跑步机|楼顶|屋顶|顶楼|外墙|墙|瓷砖|扶手|信报箱|信箱|快递柜|长椅|滑梯|"
        r"游乐|道闸|栏杆|窗户|玻璃|乒乓|\b(?:intercom|buzzer|doorbell|gym|treadmill|fitness|"
        r"equipment|roof|wall|tiles?|handrail|mailbox|lockers?|bench|benches|slide|playground|"
        r"barrier|window|pane|machine)\b"
    ),
    "clean": re.compile(
        r"垃圾|打扫|保洁|清理|清扫|卫生|脏|臭|苍蝇|老鼠|蟑螂|小广告|呕吐|吐了|分类|消杀|"
        r"\b(?:rubbish|trash|garbage|bins?|litter|clean|cleaner|cleaners|cleaning|dirty|smell|"
        r"smells|stink|stinks|flies|rat|rats|cockroach|vomit|vomited|recycling|chute|swept|sweep)\b"
    ),
    "green": re.compile(
        r"树|草|绿化|花坛|灌木|修剪|打药|虫|绿地|枝|花|\b(?:trees?|grass|lawns?|plants?|bush|"
        r"bushes|hedge|prune|pruned|trim|pesticide|caterpillars?|branch|flowers?|garden|greenery)\b"
    ),
    "park": re.compile(
        r"车位|停车|停在|车库|地库|车牌|占位|僵尸车|地锁|月租|\b(?:parking|parked|park|car|cars|"
        r"space|spaces|bay|bays|garage|plate|vehicle|vehicles)\b"
    ),
    "noise": re.compile(
        r"吵|噪音|噪声|声音|响|扰民|唱k|音响|广场舞|喧哗|咚咚|睡不着|\b(?:noise|noisy|loud|music|"
        r"karaoke|stomp|stomping|hum|hums|shouting|quiet|sleep|banging|blasting)\b"
    ),
    "reno": re.compile(
        r"装修|电钻|砸墙|承重墙|封阳台|施工|水泥|\b(?:renovation|renovations|renovating|renovate|"
        r"drilling|drill|contractors?|workers|structural|jackhammer|cement|debris)\b"
    ),
    "fee": re.compile(
        r"物业费|费|收费|交费|缴费|发票|账|退款|扣款|公示|收益|基金|涨价|钱|\b(?:fees?|charge|"
        r"charged|charges|bill|invoice|fapiao|refund|pay|paying|paid|payment|income|accounts|"
        r"fund|price|money)\b"
    ),
    "service": re.compile(
        r"客服|前台|态度|工单|报修|师傅|管家|回复|没人来|没人接|没人理|投诉|办公室|\b(?:reception|"
        r"hotline|staff|technician|ticket|reported|complaint|reply|response|rude|office|manager|"
        r"service centre|service center)\b"
    ),
    "pet": re.compile(
        r"狗|猫|宠物|遛狗|鸽子|流浪|犬|\b(?:dogs?|cats?|pets?|puppy|leash|poop|barks|barking|"
        r"pigeons?|strays?|vet)\b"
    ),
    "community": re.compile(
        r"活动|快递|业委会|钱包|捡到|幼儿园|学校|邻居|\b(?:events?|parcels?|committee|wallet|"
        r"kindergarten|school|festival|neighbou?rs?|wifi)\b"
    ),
}
