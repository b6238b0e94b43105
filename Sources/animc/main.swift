import AnimcCommands
AnimcCommand.entry()
