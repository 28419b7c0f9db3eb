"""Monitoring and the multi-year programme: progress against the plan, the rolling re-plan,
regional tables (views, workbook and PDF fact sheets) and rolling the workbook forward.

    replan      re-divide the remaining years from the latest round (extension of docs/contracts/MODEL.md)
    progress    trends, ladder movement, planned vs spent, results per euro, falling support
    regions     one region's parks, money, ladder and progress; the regional workbook
    factsheets  one-page PDF fact sheets per park and per region (reportlab)
    rollforward next year's input workbook from the latest round
    cli         `python -m allocation replan|factsheets ...`

Monitoring data never enter a `Scenario` (its hash keys saved scenarios and caches); they come
with it in `LoadedWorkbook.monitoring`. Nothing here imports streamlit.
"""
