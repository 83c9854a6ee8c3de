from medpolicy.cli.main import main

main()
