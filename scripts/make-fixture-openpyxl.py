#!/usr/bin/env python3
"""Writes tests/fixtures/openpyxl_formulas.xlsx: an evaluation table saved by openpyxl, whose
score and total cells are formulas WITHOUT cached results (openpyxl never computes them): plain
arithmetic and SUMs, which jixiao computes, and one IF, which it reports.
Run by hand once (needs `pip install openpyxl`); the output is committed, CI never runs this.
"""
import sys
from openpyxl import Workbook

out = sys.argv[1] if len(sys.argv) > 1 else "tests/fixtures/openpyxl_formulas.xlsx"
wb = Workbook()
ws = wb.active
ws.title = "评分表"
ws.append(["道路养护项目支出绩效评价表"])
ws.append(["主管部门：县交通运输局"])
ws.append(["一级指标", "二级指标", "三级指标", "评价标准", "指标分值", "评价得分", "扣分情况", "扣分原因"])
rows = [
    ("决策(20)", "项目立项", "立项规范性", "一项不符合扣1分", 10, 10, None, None),
    (None, None, "绩效目标合理性", "一项不符合扣1分", 10, "=E5-G5", 1, "目标不够细化"),
    ("产出(80)", "产出数量", "完成率", "完成得满分，未完成不得分", 40, 40, None, None),
    (None, "产出质量", "质量达标率", "达标得满分", 40, '=IF(G7="",E7,E7-G7)', None, None),
]
for r in rows:
    ws.append(list(r))
ws.append(["合计", None, None, None, "=SUM(E4:E7)", "=SUM(F4:F7)", "=SUM(G4:G7)", None])
ws.merge_cells("A4:A5")
ws.merge_cells("A6:A7")
wb.save(out)
