from careplanner.cli import main

main()
