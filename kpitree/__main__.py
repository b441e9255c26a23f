from kpitree.entry import main

main()
