namespace Connectors.Custom.Cli.Tests;

public sealed class AudioCommandTests : IDisposable
{
    private readonly string _folder = Directory.CreateTempSubdirectory("cli-audio-").FullName;

    public void Dispose() => Directory.Delete(_folder, recursive: true);

    [Fact]
    public async Task SpeakThenTranscribe_RoundTripsAgainstTheLocalServer()
    {
        var wav = Path.Combine(_folder, "hello.wav");

        var spoken = await Cli.RunAsync(["speak", "--text", "Hello from the command line. Twice over.", "--out", wav]);
        var heard = await Cli.RunAsync(["transcribe", "--file", wav]);
        var timed = await Cli.RunAsync(["transcribe", "--file", wav, "--format", "verbose_json"]);

        Assert.True(spoken.ExitCode == 0, spoken.ToString());
        Assert.Equal("RIFF"u8.ToArray(), (await File.ReadAllBytesAsync(wav))[..4]);
        Assert.Contains("bytes of wav", spoken.Error, StringComparison.Ordinal);
        Assert.True(heard.ExitCode == 0, heard.ToString());
        Assert.Equal("Hello from the command line. Twice over.\n", heard.Output);
        Assert.True(timed.ExitCode == 0, timed.ToString());
        Assert.Equal(2, timed.Output.TrimEnd('\n').Split('\n').Length);
        Assert.StartsWith("[00:00.0 → ", timed.Output, StringComparison.Ordinal);
        Assert.Contains("s of audio", timed.Error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Transcribe_Stream_PrintsTheTextAsItArrives()
    {
        var wav = Path.Combine(_folder, "stream.wav");
        Assert.Equal(0, (await Cli.RunAsync(["speak", "--text", "one two three", "--out", wav])).ExitCode);

        var run = await Cli.RunAsync(["transcribe", "--file", wav, "--stream"]);

        Assert.True(run.ExitCode == 0, run.ToString());
        Assert.Equal("one two three\n", run.Output);
    }

    [Fact]
    public async Task Transcribe_AFileOfAnUnknownType_IsABadArgument_NamingIt()
    {
        var notes = Path.Combine(_folder, "notes.txt");
        await File.WriteAllTextAsync(notes, "not audio");

        var run = await Cli.RunAsync(["transcribe", "--file", notes]);

        Assert.Equal(2, run.ExitCode);
        Assert.Contains("'notes.txt'", run.Error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Speak_ASpeedOutOfRange_IsABadArgument_AndAFormatTheServerCannotMake_IsAnEndpointFailure()
    {
        var fast = await Cli.RunAsync(["speak", "--text", "hi", "--out", Path.Combine(_folder, "a.wav"), "--speed", "9"]);
        var mp3 = await Cli.RunAsync(["speak", "--text", "hi", "--out", Path.Combine(_folder, "a.mp3")]);

        Assert.Equal(2, fast.ExitCode);
        Assert.Contains("between 0.25 and 4", fast.Error, StringComparison.Ordinal);
        Assert.Equal(1, mp3.ExitCode);
        Assert.Contains("'mp3'", mp3.Error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Transcribe_AMissingFile_IsABadArgument()
    {
        var run = await Cli.RunAsync(["transcribe", "--file", Path.Combine(_folder, "absent.wav")]);

        Assert.Equal(2, run.ExitCode);
        Assert.Contains("does not exist", run.Error, StringComparison.Ordinal);
    }
}
