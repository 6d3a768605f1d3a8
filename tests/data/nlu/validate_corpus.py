#!/usr/bin/env python3
"""Sanity-check corpus.jsonl against the slot contract. Usage: python3 validate_corpus.py [-w]
-w also prints free-text slot values that are not verbatim substrings of the message (informational)."""
import json, re, sys, datetime, collections
import os
D=os.path.dirname(os.path.abspath(__file__))+"/"
INTENTS="log_interaction create_customer add_contact create_deal update_deal query_deals query_customer create_task list_tasks complete_task log_time update_project query_project create_contract record_payment query_receivables report daily_report help undo cancel unknown".split()
ALLOWED={
 "log_interaction":"customer contact channel date summary next_step follow_up amount currency",
 "create_customer":"name industry city",
 "add_contact":"contact customer title phone email",
 "create_deal":"customer title amount currency stage close_date probability",
 "update_deal":"customer stage amount currency close_date probability",
 "query_deals":"customer stage","query_customer":"customer",
 "create_task":"task due customer","list_tasks":"due","complete_task":"task",
 "log_time":"hours task customer","update_project":"customer title percent summary",
 "query_project":"customer title","create_contract":"customer amount currency title",
 "record_payment":"customer amount currency date","query_receivables":"customer",
 "report":"kind","daily_report":"summary"}
ALLOWED={k:set(v.split()) for k,v in ALLOWED.items()}
NUM={"amount","hours","percent","probability"}
DATES={"date","follow_up","due","close_date"}
ENUM={"channel":{"visit","call","email","meeting","message"},
      "stage":{"lead","qualified","proposal","negotiation","won","lost"},
      "kind":{"funnel","ranking","forecast","win_rate","profit","clv","aging"},
      "currency":{"USD","CNY","EUR"}}
TEXT={"customer","contact","name","title","industry","city","email","phone","summary","next_step","task"}
NEW_CUSTOMERS={"Zenith Labs","翠湖贸易"}   # customers deliberately NOT in customers.txt
custs=[l.strip() for l in open(D+"customers.txt",encoding="utf-8") if l.strip()]
assert len(custs)==len(set(custs))
cjk=re.compile(r"[\u3000-\u303f\u4e00-\u9fff\uff00-\uffef]")
iso=re.compile(r"^\d{4}-\d{2}-\d{2}(T\d{2}:\d{2})?$")
errs=[];warn=[];rows=[];seen=set()
for n,line in enumerate(open(D+"corpus.jsonl",encoding="utf-8"),1):
    try: r=json.loads(line)
    except Exception as e: errs.append((n,"json",e)); continue
    rows.append(r)
    if set(r)-{"text","intent","slots","lang","now","tz"} or not {"text","intent","slots","lang"}<=set(r): errs.append((n,"keys",list(r)))
    t=r["text"]
    if t in seen: errs.append((n,"dup",t))
    seen.add(t)
    if r["intent"] not in INTENTS: errs.append((n,"intent",r["intent"]))
    if r["lang"] not in ("en","zh","mixed"): errs.append((n,"lang",r["lang"]))
    has_cjk=bool(cjk.search(t))
    if r["lang"]=="en" and has_cjk: errs.append((n,"lang en but CJK",t))
    if r["lang"] in("zh","mixed") and not has_cjk: errs.append((n,"lang zh/mixed w/o CJK",t))
    for k,v in r["slots"].items():
        if k not in ALLOWED.get(r["intent"],set()): errs.append((n,"slot not allowed",r["intent"],k))
        if k in NUM and (isinstance(v,bool) or not isinstance(v,(int,float))): errs.append((n,"num",k,v))
        if k in DATES:
            if not (isinstance(v,str) and iso.match(v)): errs.append((n,"date fmt",k,v)); continue
            try: datetime.datetime.fromisoformat(v)
            except Exception: errs.append((n,"date invalid",k,v))
        if k in ENUM and v not in ENUM[k]: errs.append((n,"enum",k,v))
        if k in TEXT and not (isinstance(v,str) and v.strip()): errs.append((n,"text",k,v))
        if k=="customer" and v not in custs and v not in NEW_CUSTOMERS: errs.append((n,"customer",v))
        if k in TEXT-{"customer"} and isinstance(v,str) and v.lower() not in t.lower():
            warn.append((n,k,v,t))
for e in errs: print("ERR",e)
print("errors:",len(errs)," rows:",len(rows))
if "-w" in sys.argv:
    for w in warn: print("WARN not substring",w)
c=collections.Counter(r["intent"] for r in rows); l=collections.Counter(r["lang"] for r in rows)
print(dict(c)); print(dict(l))
sys.exit(1 if errs else 0)
