from kpitree.cli import main

main()
