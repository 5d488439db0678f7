"""Assessment (评价 · 考核): pilot applications, indicators against targets, campaign quotas, monthly
reports with approval, dashboards, year-end scores, resident feedback and exports.

The top of the layer order: it reads every domain below it (through their services, and their
models for the grouped counts of `service/figures.py`) and nothing imports it but the root modules.
"""
