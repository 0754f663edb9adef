from eenplan.cli import main

main()
