import RisaCLI

await RisaCommand.runMain()
