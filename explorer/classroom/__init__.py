"""The class, live: a teacher's board that shows every student's picture and progress as they
work (Desmos Classroom's principles: feedback to the student, connect the students, information
to the teacher in real time).

tables.py (the schema), database.py (opening SQLite or PostgreSQL, migrations), keys.py
(teacher key, join codes, student secrets, nicknames), store.py (what happens to the data),
board.py (what the teacher sees), routes.py (the HTTP side), static/ (the teacher's page).
"""
