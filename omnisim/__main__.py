from omnisim.cli.main import main

main()
