"""The needs board (问题库 · 成果库 · 供需对接): needs, offers, matching, the public board."""
