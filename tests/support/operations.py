"""Shared data for the field operations tests (issue 15): a ledger and a round file."""

from __future__ import annotations

LEDGER = (
    "code,name,category,location,brand,model,installed_on,warranty_until,importance,state,"
    "responsible,maintenance_days\n"
    "PUMP-01,生活水泵,给排水,3号楼地下室,格兰富,CR10,2024-03-01,2025-04-02,A,in_use,900003,90\n"
    "LIFT-3A,3号楼电梯,电梯,3号楼,奥的斯,GeN2,2023-06-01,2027-06-01,A,in_use,@wang_li,\n"
    "LAMP-07,路灯,照明,北门,,,,,C,stopped,,\n"
)

ROUNDS = """\
checkpoints:
  - key: gate
    name: 北门岗亭
    area: 北门
    lat: 31.2304
    lon: 121.4737
  - key: pump
    name: 水泵房
    equipment: PUMP-01
routes:
  - key: morning
    name: 早班巡检
    points:
      - checkpoint: gate
        checks:
          - q: 门禁正常?
            type: yes_no
      - checkpoint: pump
        photo: true
        checks:
          - q: 水泵运行正常
          - q: 无漏水
plans:
  - key: morning-daily
    route: morning
    assignee: "900003"
    every: daily
    at: "08:00"
    window: 2h
"""
