using Berth.Build.Solver;

namespace Berth.Build.Tests.Solver;

public sealed class OrderedOutputTests
{
    private sealed class Recorder : IBuildOutput
    {
        public List<string> Written { get; } = [];

        public ValueTask WriteAsync(string text, CancellationToken cancellationToken)
        {
            Written.Add(text);
            return ValueTask.CompletedTask;
        }
    }

    [Fact]
    public async Task TheFirstSegmentStreamsLive_ALaterOneIsHeldUntilThoseBeforeItFinish()
    {
        var recorder = new Recorder();
        var output = new OrderedOutput(recorder, 3);

        await output.Segment(2).WriteAsync("c1 ", default);
        await output.Segment(0).WriteAsync("a1 ", default);
        await output.Segment(1).WriteAsync("b1 ", default);
        Assert.Equal(["a1 "], recorder.Written);

        await output.FinishAsync(2, default);
        await output.FinishAsync(1, default);
        Assert.Equal(["a1 "], recorder.Written);

        await output.Segment(0).WriteAsync("a2 ", default);
        await output.FinishAsync(0, default);
        Assert.Equal("a1 a2 b1 c1 ", string.Concat(recorder.Written));
    }

    [Fact]
    public async Task ASegmentBecomingLive_StreamsWhatItWritesNext()
    {
        var recorder = new Recorder();
        var output = new OrderedOutput(recorder, 2);
        await output.Segment(1).WriteAsync("b1 ", default);

        await output.FinishAsync(0, default);
        await output.Segment(1).WriteAsync("b2 ", default);

        Assert.Equal(["b1 ", "b2 "], recorder.Written);
    }

    [Fact]
    public async Task AfterAFailure_EverythingHeldGoesOutInOrder_AndLaterWritesAreDropped()
    {
        var recorder = new Recorder();
        var output = new OrderedOutput(recorder, 3);
        await output.Segment(0).WriteAsync("a ", default);
        await output.Segment(2).WriteAsync("c ", default);
        await output.Segment(1).WriteAsync("b ", default);

        await output.FlushAsync(default);
        await output.Segment(0).WriteAsync("late ", default);

        Assert.Equal("a b c ", string.Concat(recorder.Written));
    }
}
