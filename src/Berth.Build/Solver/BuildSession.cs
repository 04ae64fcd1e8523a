using System.Collections.Concurrent;
using System.Text;
using Berth.Build.Worker;
using Berth.Dockerfile;
using Berth.Dockerfile.Expansion;
using Berth.Oci;

namespace Berth.Build.Solver;

/// <summary>
/// One build in progress: the request, the parsed Dockerfile, the stages built so far, and the step count; and, for a
/// stage (<see cref="ForStage"/>), where that stage reports and which step number it is at.
/// </summary>
internal sealed class BuildSession(IBuildWorker worker, BuildRequest request, IBuildOutput output, ParsedDockerfile dockerfile, TimeProvider clock)
{
    /// <summary>The comment BuildKit puts on every history entry it writes.</summary>
    public const string HistoryComment = "buildkit.dockerfile.v0";

    public IBuildWorker Worker { get; } = worker;

    public BuildRequest Request { get; } = request;

    public ParsedDockerfile Dockerfile { get; } = dockerfile;

    public InstructionExpander Expander { get; } = new(dockerfile.EscapeToken);

    /// <summary>The stages built so far, by index; stages running at once add theirs.</summary>
    public ConcurrentDictionary<int, StageResult> Stages { get; private init; } = [];

    public int Step { get; set; }

    public int StepCount { get; set; }

    /// <summary>The session of one stage: its own output, its steps numbered from <paramref name="firstStep"/>.</summary>
    public BuildSession ForStage(IBuildOutput stageOutput, int firstStep) =>
        new(Worker, Request, stageOutput, Dockerfile, clock) { Stages = Stages, Step = firstStep - 1, StepCount = StepCount };

    public ValueTask PrintAsync(string text, CancellationToken cancellationToken) => output.WriteAsync(text, cancellationToken);

    public ValueTask PrintStepAsync(string instruction, CancellationToken cancellationToken) =>
        output.WriteAsync($"Step {++Step}/{StepCount} : {instruction}\n", cancellationToken);

    public ValueTask PrintResultAsync(BuildImage image, CancellationToken cancellationToken) =>
        output.WriteAsync($" ---> {image.Id.Short}\n", cancellationToken);

    /// <summary>The state a step's key made before, unless the build asked for no cache; prints "Using cache".</summary>
    public async Task<bool> TryCachedAsync(StageState stage, string key, CancellationToken cancellationToken)
    {
        if (Request.NoCache || Worker.Cache.Find(key) is not { } manifest) return false;
        if (await Worker.LoadAsync(manifest, cancellationToken) is not { } image) return false;
        await PrintAsync(" ---> Using cache\n", cancellationToken);
        await PrintResultAsync(image, cancellationToken);
        stage.Image = image;
        stage.Key = key;
        return true;
    }

    /// <summary>Ends a step: the new config with its history entry (and layer, if the step made one) is stored and remembered under <paramref name="key"/>.</summary>
    public async Task CommitAsync(StageState stage, ImageConfig config, Descriptor? layer, string createdBy, string key, CancellationToken cancellationToken)
    {
        var now = clock.GetUtcNow();
        var entry = new HistoryEntry { Created = now, CreatedBy = createdBy, Comment = HistoryComment, EmptyLayer = layer is null };
        var updated = config with
        {
            Created = now,
            History = [.. config.History ?? [], entry],
            RootFs = layer is null ? config.RootFs : new RootFs { DiffIds = [.. config.RootFs.DiffIds, layer.Digest] },
        };
        var image = await Worker.StoreAsync(updated, layer is null ? stage.Image.Layers : [.. stage.Image.Layers, layer], cancellationToken);
        Worker.Cache.Remember(key, image.Manifest);
        stage.Image = image;
        stage.Key = key;
        await PrintResultAsync(image, cancellationToken);
    }

    /// <summary>A process's output as text for the stream, split safely at UTF-8 boundaries.</summary>
    public Func<ReadOnlyMemory<byte>, CancellationToken, ValueTask> OutputSink()
    {
        var decoder = Encoding.UTF8.GetDecoder();
        return async (bytes, cancellationToken) =>
        {
            var chars = new char[decoder.GetCharCount(bytes.Span, flush: false)];
            var count = decoder.GetChars(bytes.Span, chars, flush: false);
            if (count > 0) await output.WriteAsync(new string(chars, 0, count), cancellationToken);
        };
    }
}
