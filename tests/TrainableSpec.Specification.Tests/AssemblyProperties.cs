using FsCheck.Xunit;

// Every [Property] of this assembly starts from the project's fixed seed, CheckSettings.Default's (20180416 and the
// odd gamma 0x9E3779B97F4A7C15), written as FsCheck.Xunit parses Replay: "seed,gamma" in decimal, with no size, so
// each property runs all its cases from that seed rather than replaying one. Each property states its own MaxTest.
[assembly: Properties(Replay = "20180416,11400714819323198485")]
