from medpolicy.cli import main

main()
