#!/usr/bin/env python3
"""Makes tests/fixtures/years/2025/: a second year of three sample workbooks with planted
changes, for `run --previous` (issue #21). Run once by hand (needs openpyxl and LibreOffice);
CI only reads the committed files.

- 县水利局 农村饮水安全巩固提升工程 (same name): budget up (320 → 350 万元) and the score down to
  良 (grade drop, budget up while the score fell); 工程完工及时率 and 受益人口 lose points again
  (repeated loss); 新建及改造供水工程 keeps the target ≥12处 and is exceeded again, 17处
  (target set too low).
- 县交通运输局 农村公路养护项目, re-batched as "2025年农村公路养护项目（第二批）": 优良中等路率
  no longer loses a point (a fixed problem); 养护作业规范性 loses one again, now with a reason.
- 县财政局, renamed "预算信息管理平台、部门财务核算运维项目" (matched by alike names and the same
  indicators).

Each is saved by openpyxl and then re-saved by LibreOffice, so formulas carry their results.
"""
import openpyxl, shutil, subprocess, sys, tempfile, pathlib

root = pathlib.Path(__file__).resolve().parent.parent
out = root / "tests/fixtures/years/2025"
work = pathlib.Path(tempfile.mkdtemp())

def edit(src, dept, name, change):
    wb = openpyxl.load_workbook(root / "workbooks" / dept / src)
    change(wb.active)
    (work / dept).mkdir(parents=True, exist_ok=True)
    path = work / dept / name
    wb.save(path)
    return path

def water(ws):
    ws["A1"] = "项目支出绩效自评表（2025年度）"
    ws["E5"] = 350; ws["F5"] = 296; ws["H5"] = "84.57%"; ws["I5"] = 8.46
    ws["E6"] = 330; ws["E7"] = 20
    ws["F12"] = "17处"
    # Every score as the criteria give it (得分 = 分值 × 实际 ÷ 目标 below the target).
    ws["F13"] = "20000人"; ws["H13"] = 8; ws["I13"] = "3个村组管网未完工"
    ws["F16"] = "86%"; ws["H16"] = 4.78; ws["I16"] = "2处工程因征地延期"
    ws["F18"] = "80%"; ws["H18"] = 8.7; ws["I18"] = "新增用户接入滞后"
    ws["F19"] = "75%"; ws["H19"] = 8.33; ws["I19"] = "枯水期2个水厂限时供水"
    ws["H20"] = 8
    ws["F21"] = "72%"; ws["H21"] = 8; ws["I21"] = "限时供水期间群众意见较多"
    ws["H22"] = 89.27
    ws["A24"] = "自评得分：89.27"; ws["A25"] = "自评等级：良"

def roads(ws):
    ws["A1"] = "XX县交通运输局2025年农村公路养护项目绩效自评评分表"
    ws["C2"] = "2025年农村公路养护项目（第二批）"
    ws["F17"] = 10; ws["G17"] = None; ws["H17"] = None
    ws["H14"] = "巡查日志有缺页，扣1分"
    ws["A24"] = "自评得分：98.5"

def finance(ws):
    for row in ws.iter_rows():
        for c in row:
            if c.value == "预算信息管理平台、部门财务核算运维费、政府采购电子卖场平台经费项目":
                c.value = "预算信息管理平台、部门财务核算运维项目"

made = [
    edit("农村饮水安全巩固提升工程绩效自评表.xlsx", "县水利局", "农村饮水安全巩固提升工程绩效自评表.xlsx", water),
    edit("农村公路养护项目绩效评价表.xlsx", "县交通运输局", "农村公路养护项目绩效评价表.xlsx", roads),
    edit("预算信息管理平台等运维项目绩效评价表.xlsx", "县财政局", "预算信息管理平台等运维项目绩效评价表.xlsx", finance),
]
shutil.rmtree(out, ignore_errors=True)
for path in made:
    dest = out / path.parent.name
    dest.mkdir(parents=True, exist_ok=True)
    subprocess.run(["soffice", "--headless", "--calc", "--convert-to", "xlsx", "--outdir", str(dest), str(path)],
                   check=True, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
print("wrote", out)
