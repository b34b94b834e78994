from influlint.cli import main

main()
