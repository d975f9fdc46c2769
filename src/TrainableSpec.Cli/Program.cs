using TrainableSpec.Cli;

return CommandLine.Run(args, System.Console.In, System.Console.Out, System.Console.Error);
