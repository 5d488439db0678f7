"""The needs board (问题库 · 成果库 · 供需对接): needs raised by villages, cooperatives and enterprises,
triaged by their county's association, assigned to teams, stations and volunteers, served, answered."""
