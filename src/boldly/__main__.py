from boldly.cli import main

main()
