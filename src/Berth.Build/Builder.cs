using Berth.Build.Solver;
using Berth.Build.Steps;
using Berth.Build.Worker;
using Berth.Dockerfile;
using Berth.Dockerfile.Expansion;
using Berth.Dockerfile.Ignore;
using Berth.Dockerfile.Shell;
using Berth.Oci;

namespace Berth.Build;

/// <summary>
/// Builds an image from a Dockerfile and an unpacked context: parses it, runs the stages the target needs, each
/// step reusing the cache when its key matches, and tags the result. Reports as the classic builder does, so that
/// the docker CLI's <c>DOCKER_BUILDKIT=0 docker build</c> prints what it expects.
/// </summary>
public sealed class Builder(IBuildWorker worker, HttpClient http, TimeProvider clock)
{
    /// <summary>The host's platform: what the predefined BUILD* and TARGET* args say.</summary>
    private static readonly BuildPlatform Host = new("linux", "amd64");

    /// <exception cref="BuildFailedException">The build stopped; its message is what the user sees.</exception>
    public async Task<Digest> BuildAsync(BuildRequest request, IBuildOutput output, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        var dockerfile = await ReadDockerfileAsync(request, cancellationToken);
        var plan = StagePlan.Create(dockerfile, request.Target);
        var session = new BuildSession(worker, request, output, dockerfile, clock) { StepCount = plan.StepCount };
        try
        {
            var predefined = PredefinedArgs.Values(Host, Host, request.Target);
            var globals = BuildVariables.Globals(dockerfile.GlobalArgs, request.BuildArgs, predefined, session.Expander);
            var context = new CopySources(request.ContextDirectory, await ReadIgnoreFileAsync(request.ContextDirectory, cancellationToken), request.ContextDigests);
            await RunStagesAsync(plan, session, output, stage => new StageRunner(stage, globals, context, http), cancellationToken);
            var final = await FinishAsync(session.Stages[plan.Target.Index].Image, request, cancellationToken);
            await output.WriteAsync($"Successfully built {final.Id.Short}\n", cancellationToken);
            foreach (var tag in request.Tags) await output.WriteAsync($"Successfully tagged {tag}\n", cancellationToken);
            return final.Id;
        }
        catch (DockerfileParseException e)
        {
            throw new BuildFailedException(e.Message, 1, e);
        }
    }

    /// <summary>
    /// Every stage of the plan, each as soon as the stages it uses are built, so independent stages run at once; their
    /// output still reads in Dockerfile order. The first failure cancels the rest and is the build's error.
    /// </summary>
    private static async Task RunStagesAsync(StagePlan plan, BuildSession session, IBuildOutput output, Func<BuildSession, StageRunner> runner, CancellationToken cancellationToken)
    {
        var ordered = new OrderedOutput(output, plan.Stages.Count);
        using var failed = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        var running = new Dictionary<int, Task>();
        var firstStep = 1;
        for (var position = 0; position < plan.Stages.Count; position++)
        {
            var stage = plan.Stages[position];
            var needs = plan.Needs(stage).Select(i => running[i]).ToList();
            var stageSession = session.ForStage(ordered.Segment(position), firstStep);
            var segment = position;
            running[stage.Index] = Task.Run(async () =>
            {
                try
                {
                    await Task.WhenAll(needs);
                    stageSession.Stages[stage.Index] = await runner(stageSession).RunAsync(stage, failed.Token);
                    await ordered.FinishAsync(segment, failed.Token);
                }
                catch
                {
                    await failed.CancelAsync();
                    throw;
                }
            }, CancellationToken.None);
            firstStep += stage.Instructions.Count + 1;
        }
        try
        {
            await Task.WhenAll(running.Values);
        }
        catch
        {
            await ordered.FlushAsync(cancellationToken);
            // The stage that failed first, not the ones its failure cancelled.
            var cause = running.Values.Where(t => t.IsFaulted).Select(t => t.Exception!.InnerException!)
                .FirstOrDefault(e => e is not OperationCanceledException);
            if (cause is not null) System.Runtime.ExceptionServices.ExceptionDispatchInfo.Throw(cause);
            throw;
        }
    }

    private static async Task<ParsedDockerfile> ReadDockerfileAsync(BuildRequest request, CancellationToken cancellationToken)
    {
        var relative = CleanPath.Clean("/" + request.Dockerfile).TrimStart('/');
        var path = Runtime.Spec.ScopedPath.Resolve(request.ContextDirectory, "/" + relative);
        if (!File.Exists(path))
            throw new BuildFailedException($"Cannot locate specified Dockerfile: {request.Dockerfile}");
        var text = await File.ReadAllTextAsync(path, cancellationToken);
        try
        {
            return DockerfileParser.Parse(text, Path.GetFileName(relative));
        }
        catch (DockerfileParseException e)
        {
            throw new BuildFailedException(e.Message, 1, e);
        }
    }

    private static async Task<IgnoreFile> ReadIgnoreFileAsync(string context, CancellationToken cancellationToken)
    {
        var path = Path.Join(context, ".dockerignore");
        if (!File.Exists(path)) return IgnoreFile.Empty;
        try
        {
            // The Dockerfile and .dockerignore stay readable to the builder, but COPY never sees them when ignored.
            return IgnoreFile.Parse(await File.ReadAllTextAsync(path, cancellationToken));
        }
        catch (FormatException e)
        {
            throw new BuildFailedException($"failed to parse .dockerignore: {e.Message}", 1, e);
        }
    }

    /// <summary>The target stage's state with --label applied, made an image of the store and tagged.</summary>
    private async Task<BuildImage> FinishAsync(BuildImage image, BuildRequest request, CancellationToken cancellationToken)
    {
        if (request.Labels.Count > 0)
        {
            var config = image.Config.Config ?? new ContainerConfig();
            var labels = new Dictionary<string, string>(config.Labels ?? [], StringComparer.Ordinal);
            foreach (var (key, value) in request.Labels) labels[key] = value;
            image = await worker.StoreAsync(image.Config with { Config = config with { Labels = labels } }, image.Layers, cancellationToken);
        }
        await worker.TagAsync(image, request.Tags, cancellationToken);
        return image;
    }
}
