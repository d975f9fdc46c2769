using TrainableSpec.Reference;
using TrainableSpec.Specification.Corpus;

namespace TrainableSpec.Cli.Corpus;

/// <summary>
/// The reference engine as a corpus adapter: a case on standard input, its result on standard output, run in the mode
/// of the case's profile.
/// </summary>
internal static class RunCase
{
    public const int Malformed = 2;

    public static int Run(TextReader input, TextWriter output, TextWriter error)
    {
        try
        {
            var (document, scenario, profile) = CorpusJson.ReadCase("(standard input)", input.ReadToEnd());
            var run = ReferenceModes.Of(profile).Implementation().Run(scenario);
            output.WriteLine(CorpusJson.Write(CorpusJson.ToDocument(document.Name, run)));
            return 0;
        }
        catch (CorpusFormatException e)
        {
            error.WriteLine(e.Message);
            return Malformed;
        }
    }
}
