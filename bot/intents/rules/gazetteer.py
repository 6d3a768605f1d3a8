"""Small closed lists that help read new-customer messages: cities and industries, English and Chinese."""

from __future__ import annotations

import re

CITIES_ZH = (
    "北京|上海|广州|深圳|杭州|成都|武汉|南京|苏州|西安|重庆|天津|合肥|无锡|宁波|青岛|厦门|长沙|郑州|济南|沈阳|大连|哈尔滨|长春|"
    "昆明|福州|南昌|贵阳|南宁|太原|石家庄|香港|澳门|台北|东莞|佛山|珠海|常州|温州|绍兴|嘉兴|烟台|潍坊|泉州|徐州|南通|扬州|"
    "中山|惠州|兰州|乌鲁木齐|呼和浩特|银川|西宁|拉萨|海口|三亚|唐山|保定|洛阳|芜湖|镇江|金华|台州|湖州|义乌|昆山|江阴|"
    "新加坡|东京|首尔|纽约|伦敦|巴黎|柏林|悉尼|硅谷|旧金山|洛杉矶|多伦多"
)
CITIES_EN = (
    "shanghai|beijing|shenzhen|guangzhou|hangzhou|chengdu|wuhan|nanjing|suzhou|xi'?an|chongqing|tianjin|hefei|"
    "wuxi|ningbo|qingdao|xiamen|changsha|zhengzhou|dalian|kunming|hong kong|hk|macau|taipei|singapore|tokyo|"
    "seoul|osaka|bangkok|jakarta|kuala lumpur|manila|hanoi|ho chi minh city|mumbai|delhi|new delhi|bangalore|"
    "dubai|abu dhabi|riyadh|tel aviv|istanbul|london|manchester|edinburgh|dublin|paris|berlin|munich|frankfurt|"
    "hamburg|amsterdam|rotterdam|brussels|zurich|geneva|vienna|milan|rome|madrid|barcelona|lisbon|stockholm|"
    "oslo|copenhagen|helsinki|warsaw|prague|budapest|moscow|new york|nyc|boston|chicago|san francisco|sf|"
    "los angeles|la|seattle|austin|dallas|houston|denver|atlanta|miami|phoenix|philadelphia|detroit|"
    "minneapolis|portland|san diego|san jose|washington|toronto|vancouver|montreal|calgary|ottawa|mexico city|"
    "sao paulo|rio de janeiro|buenos aires|santiago|lima|bogota|sydney|melbourne|brisbane|perth|adelaide|"
    "auckland|wellington|johannesburg|cape town|nairobi|lagos|cairo"
)
INDUSTRIES_EN = (
    "manufacturing|biotech|biotechnology|pharma|pharmaceuticals?|logistics|shipping|healthcare|health care|"
    "medical|hospital|finance|financial services|fintech|banking|insurance|retail|e-?commerce|hospitality|"
    "hotels?|construction|real estate|property|mining|energy|oil & gas|oil and gas|utilities|utility|"
    "education|edtech|software|saas|it services|tech|technology|telecoms?|telecommunications|automotive|"
    "aerospace|aviation|airlines?|media|advertising|marketing|consulting|legal|law|government|public sector|"
    "agriculture|agritech|food & beverages?|food and beverages?|food & bev|f&b|food|beverage|fmcg|cpg|chemicals?|"
    "semiconductors?|"
    "electronics|gaming|entertainment|sports|fashion|apparel|textiles?|transport(?:ation)?|defen[cs]e|security|"
    "cybersecurity|non-?profit|ngo|dental|design|architecture|engineering|industrial|robotics|ai"
)
INDUSTRIES_ZH = (
    "制造业?|医疗器械|医疗|医药|生物医药|生物|物流|仓储|金融|银行|保险|证券|零售|电商|酒店|餐饮|建筑|建设|地产|房地产|"
    "矿业|能源|电力|新能源|教育培训|教育|培训|软件|互联网|科技|IT|信息技术|通信|电信|汽车|汽配|航空|传媒|媒体|广告|咨询|"
    "法律|政府|农业|食品|饮料|快消|化工|半导体|电子|游戏|娱乐|体育|服装|纺织|交通|运输|安防|环保|水务|设计|家居|光电|"
    "大数据|人工智能|机械|钢铁|纺织|贸易|外贸|物业|医院|旅游|文化"
)
CITY_RE = re.compile(rf"(?<![A-Za-z])(?:{CITIES_EN})(?![A-Za-z])|{CITIES_ZH}", re.IGNORECASE)
INDUSTRY_EN_RE = re.compile(rf"(?<![A-Za-z])(?:{INDUSTRIES_EN})(?![A-Za-z])", re.IGNORECASE)
INDUSTRY_ZH_RE = re.compile(rf"(?:{INDUSTRIES_ZH})")
# Chinese company names end in an industry word (星辰科技, 蓝海物流): how we spot a new one in a sentence.
COMPANY_ZH_RE = re.compile(
    rf"[\u4e00-\u9fff]{{2,8}}?(?:{INDUSTRIES_ZH}|集团|公司|实业|控股|股份|工业|商贸|贸易|信息|技术|网络|数据|智能|"
    rf"服务|管理|系统|电器|设备|材料|工程|发展|国际)(?:股份有限公司|有限责任公司|有限公司|集团|公司)?"
)
ZH_LEAD_WORDS = re.compile(
    r"^(?:帮我|请|给|跟|和|与|在|到|从|是|为|对|把|去|拜访了?|新建|新增|添加|录入|客户|联系人|新客户|一个|个|叫|名字叫|"
    r"名称|今天|昨天|明天|刚|又|那边|这边|了|的)+"
)
