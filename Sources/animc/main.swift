import AnimcCommands
AnimcCommand.main()
