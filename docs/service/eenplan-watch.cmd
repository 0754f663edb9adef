@echo off
rem eenplan watch bij het aanmelden, zonder venster (Windows).
rem Pas de twee regels met set aan: de teammap en waar eenplan staat.
rem Wat hij doet staat in de teammap in .eenplan\logs\watch.log.
set "TEAMMAP=%USERPROFILE%\Documents\Team Noorderkempen"
set "EENPLAN=%USERPROFILE%\eenplan\.venv\Scripts"
rem pythonw.exe opent geen venster; met --poll 5 erbij voor OneDrive, SharePoint of een netwerkschijf.
start "eenplan watch" /b "%EENPLAN%\pythonw.exe" -m eenplan watch --team "%TEAMMAP%"
