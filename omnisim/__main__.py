from omnisim.cli import main

main()
