using Berth.Build.Files;
using Berth.Build.Steps;
using Berth.Build.Worker;
using Berth.Dockerfile;
using Berth.Dockerfile.Ignore;
using Berth.Dockerfile.Instructions;
using Berth.Dockerfile.Shell;
using Berth.Oci;

namespace Berth.Build.Solver;

/// <summary>Runs one stage: its FROM (and the base image's ONBUILD triggers), then each instruction as a step, each looked up in the cache first.</summary>
internal sealed class StageRunner(BuildSession session, IReadOnlyDictionary<string, string> globals, CopySources context, HttpClient http)
{
    public async Task<StageResult> RunAsync(Stage stage, CancellationToken cancellationToken)
    {
        await session.PrintStepAsync(stage.From.Original, cancellationToken);
        var state = await StartAsync(stage, cancellationToken);
        await session.PrintResultAsync(state.Image, cancellationToken);
        await RunTriggersAsync(stage, state, cancellationToken);
        foreach (var instruction in stage.Instructions)
        {
            await session.PrintStepAsync(instruction.Original, cancellationToken);
            await RunStepAsync(instruction, stage, state, cancellationToken);
        }
        return new StageResult(state.Image, state.Key);
    }

    private async Task<StageState> StartAsync(Stage stage, CancellationToken cancellationToken)
    {
        var from = (FromInstruction)session.Expander.Expand(stage.From, VariableLookups.From(globals));
        var variables = new BuildVariables(session.Request.BuildArgs, globals);
        if (string.Equals(from.BaseName, "scratch", StringComparison.OrdinalIgnoreCase))
        {
            var empty = await session.Worker.StoreAsync(EmptyImage(), [], cancellationToken);
            return new StageState(empty, CacheKey.Of("scratch"), variables);
        }
        if (session.Dockerfile.FindStage(from.BaseName, before: stage.Index) is { } earlier)
        {
            var built = session.Stages[earlier.Index];
            return new StageState(built.Image, built.Key, variables);
        }
        var image = await session.Worker.FindImageAsync(from.BaseName, from.Platform, session.Request.Pull, cancellationToken)
            ?? throw new BuildFailedException($"pull access denied for {from.BaseName}, repository does not exist or may require 'docker login': image not found in the local store");
        return new StageState(image, CacheKey.ForImage(image.Id.ToString()), variables);
    }

    /// <summary>BuildKit's empty image for FROM scratch: Docker's PATH, and nothing else.</summary>
    private static ImageConfig EmptyImage() => new() { Config = new ContainerConfig { Env = [RunStep.DefaultPath] }, RootFs = new RootFs() };

    /// <summary>The base image's ONBUILD instructions run first, as steps of this build, and are not inherited.</summary>
    private async Task RunTriggersAsync(Stage stage, StageState state, CancellationToken cancellationToken)
    {
        var triggers = state.Image.Config.Config?.OnBuild ?? [];
        if (triggers.Count == 0) return;
        await session.PrintAsync($"# Executing {triggers.Count} build trigger{(triggers.Count == 1 ? "" : "s")}\n", cancellationToken);
        var cleared = state.Image.Config with { Config = state.Image.Config.Config! with { OnBuild = null } };
        state.Image = state.Image with { Config = cleared };
        foreach (var trigger in triggers)
        {
            var instruction = DockerfileParser.ParseInstruction(trigger, session.Dockerfile.File, stage.From.StartLine);
            await RunStepAsync(instruction, stage, state, cancellationToken);
        }
    }

    private async Task RunStepAsync(Instruction instruction, Stage stage, StageState state, CancellationToken cancellationToken)
    {
        var expanded = session.Expander.Expand(instruction, state.Variables.Lookup(state.Image.Config.Config?.Env));
        switch (expanded)
        {
            case ArgInstruction arg:
                foreach (var definition in arg.Args) state.Variables.Declare(definition.Name, definition.Default);
                var text = "ARG " + string.Join(' ', arg.Args.Select(a => state.Variables.Declared.TryGetValue(a.Name, out var v) ? $"{a.Name}={v}" : a.Name));
                await MetadataAsync(state, state.Image.Config, text, cancellationToken);
                break;
            case RunInstruction run:
                await RunAsync(run, stage, state, cancellationToken);
                break;
            case CopyInstruction or AddInstruction:
                await CopyAsync(expanded, stage, state, cancellationToken);
                break;
            default:
                var change = ConfigInstructions.Apply(expanded, state.Image.Config, state.CmdSet)
                    ?? throw new BuildFailedException($"{instruction.File}:{instruction.StartLine}: {instruction.Kind.ToString().ToUpperInvariant()} is not supported here");
                state.CmdSet = change.CmdSet;
                await MetadataAsync(state, change.Image, change.CreatedBy, cancellationToken);
                break;
        }
    }

    private async Task MetadataAsync(StageState state, ImageConfig config, string createdBy, CancellationToken cancellationToken)
    {
        var key = CacheKey.Of(state.Key, createdBy);
        if (await session.TryCachedAsync(state, key, cancellationToken)) return;
        await session.CommitAsync(state, config, null, createdBy, key, cancellationToken);
    }

    private async Task RunAsync(RunInstruction run, Stage stage, StageState state, CancellationToken cancellationToken)
    {
        var config = state.Image.Config.Config;
        var step = new RunStep(run, config, state.Variables.RunArguments(config?.Env));
        await using var mounts = await RunMountsAsync(run, stage, cancellationToken);
        var network = session.Request.NetworkMode is { Length: > 0 } mode && mode != "default" ? mode : "host";
        var key = CacheKey.Of([state.Key, step.CreatedBy, config?.User ?? "", config?.WorkingDir ?? "", network, .. run.MountSpecs, .. mounts.KeyParts]);
        if (await session.TryCachedAsync(state, key, cancellationToken)) return;

        await session.PrintAsync($" ---> Running in {Convert.ToHexStringLower(System.Security.Cryptography.RandomNumberGenerator.GetBytes(6))}\n", cancellationToken);
        await using var rootfs = await session.Worker.MountAsync(state.Image, cancellationToken);
        var process = step.Process(config, network, mounts.Mounts);
        var exitCode = await rootfs.RunAsync(process with { Env = [.. process.Env, .. mounts.SecretEnv] }, session.OutputSink(), cancellationToken);
        if (exitCode != 0) throw new BuildFailedException(step.FailureMessage(exitCode), exitCode);
        var layer = await rootfs.CommitAsync(cancellationToken);
        await session.CommitAsync(state, state.Image.Config, layer, step.CreatedBy, key, cancellationToken);
    }

    /// <summary>
    /// RUN --mount: cache directories kept between builds, tmpfs, read-only binds of the context or of a stage's or an
    /// image's rootfs (<c>from=</c>), and secrets (a file, or an environment variable with <c>env=</c>). A bind's content
    /// joins the step's cache key, as a COPY's does.
    /// </summary>
    private async Task<RunMounts> RunMountsAsync(RunInstruction run, Stage stage, CancellationToken cancellationToken)
    {
        var result = new RunMounts();
        try
        {
            foreach (var mount in run.Mounts)
            {
                if (mount.Type == MountType.Secret)
                {
                    AddSecret(run, mount, result.Mounts, result.SecretEnv);
                    continue;
                }
                var target = mount.Target ?? throw new BuildFailedException($"{run.File}:{run.StartLine}: mount needs a target");
                result.Mounts.Add(mount.Type switch
                {
                    MountType.Cache => new BuildMount(session.Worker.CacheMountDirectory(mount.Id ?? target), target, mount.ReadOnly),
                    MountType.Tmpfs => new BuildMount(null, target, false, mount.SizeLimit),
                    MountType.Bind => await BindAsync(mount, target, stage, result, cancellationToken),
                    _ => throw new BuildFailedException($"{run.File}:{run.StartLine}: RUN --mount=type={mount.Type.ToString().ToLowerInvariant()} is not supported by this builder"),
                });
            }
            return result;
        }
        catch
        {
            await result.DisposeAsync();
            throw;
        }
    }

    /// <summary>A read-only bind of a path of the context, or of a stage's or an image's rootfs, mounted for the step.</summary>
    private async Task<BuildMount> BindAsync(RunMount mount, string target, Stage stage, RunMounts result, CancellationToken cancellationToken)
    {
        var path = CleanPath.Clean("/" + (mount.Source ?? "")).TrimStart('/');
        var source = await OpenSourceAsync(mount.From, stage, cancellationToken);
        result.Opened.Add(source);
        var files = source.Files;
        result.KeyParts.Add($"bind {mount.From} {source.Key} {path} {await ContentChecksum.ComputeAsync([path], files.Ignore, files.HostPath, files.Digests, cancellationToken)}");
        return new BuildMount(files.HostPath(path), target, ReadOnly: true);
    }

    /// <summary>A RUN's mounts, what they add to its cache key, and the rootfs they bind from, unmounted after the step.</summary>
    private sealed class RunMounts : IAsyncDisposable
    {
        public List<BuildMount> Mounts { get; } = [];

        public List<string> SecretEnv { get; } = [];

        public List<string> KeyParts { get; } = [];

        public List<OpenedSource> Opened { get; } = [];

        public async ValueTask DisposeAsync()
        {
            foreach (var source in Opened) await source.DisposeAsync();
        }
    }

    /// <summary>BuildKit's secret mount: id defaults to the target's name, target to /run/secrets/ID; a missing secret fails only when required.</summary>
    private void AddSecret(RunInstruction run, RunMount mount, List<BuildMount> mounts, List<string> secretEnv)
    {
        var id = mount.Id ?? (mount.Target is { } t ? Path.GetFileName(t) : null)
            ?? throw new BuildFailedException($"{run.File}:{run.StartLine}: secret mount needs an id or a target");
        if (!session.Request.Secrets.TryGetValue(id, out var content))
        {
            if (mount.Required) throw new BuildFailedException($"secret {id}: not found");
            return;
        }
        if (mount.Env is { } name) secretEnv.Add($"{name}={System.Text.Encoding.UTF8.GetString(content)}");
        if (mount.Env is null || mount.Target is not null)
        {
            mounts.Add(new BuildMount(null, mount.Target ?? $"/run/secrets/{id}", ReadOnly: true)
            {
                Content = content,
                Mode = (UnixFileMode)(mount.Mode ?? 0b100_000_000),
                Uid = mount.Uid ?? 0,
                Gid = mount.Gid ?? 0,
            });
        }
    }

    private async Task CopyAsync(Instruction instruction, Stage stage, StageState state, CancellationToken cancellationToken)
    {
        var step = new CopyStep(instruction, state.Image.Config.Config?.WorkingDir);
        var from = (instruction as CopyInstruction)?.From;
        await using var source = await OpenSourceAsync(from, stage, cancellationToken);
        var excludes = instruction switch { CopyInstruction c => c.Excludes, AddInstruction a => a.Excludes, _ => [] };
        var files = excludes.Count == 0 ? source.Files : new CopySources(source.Files.Root, source.Files.Ignore.With(excludes));
        string[] copied = [step.CreatedBy(from), source.Key, await step.ChecksumAsync(files, cancellationToken), .. excludes];
        var key = CacheKey.Of([state.Key, .. copied]);
        if (await session.TryCachedAsync(state, key, cancellationToken)) return;
        var layer = step.Links
            ? await LinkedLayerAsync(step, files, CacheKey.Of(["link", .. copied]), cancellationToken)
            : await CopyOntoAsync(state.Image, step, files, cancellationToken);
        await session.CommitAsync(state, state.Image.Config, layer, step.CreatedBy(from), key, cancellationToken);
    }

    private async Task<Descriptor> CopyOntoAsync(BuildImage image, CopyStep step, CopySources files, CancellationToken cancellationToken)
    {
        await using var rootfs = await session.Worker.MountAsync(image, cancellationToken);
        await step.ApplyAsync(rootfs.Path, files, http, cancellationToken);
        return await rootfs.CommitAsync(cancellationToken);
    }

    /// <summary>
    /// COPY --link's layer: the copy onto an empty tree, cached by what it copies alone, so a changed parent reuses it
    /// (the step's own cache entry still names the parent, so a rebuild gives the same image).
    /// </summary>
    private async Task<Descriptor> LinkedLayerAsync(CopyStep step, CopySources files, string linkKey, CancellationToken cancellationToken)
    {
        if (!session.Request.NoCache && session.Worker.Cache.Find(linkKey) is { } manifest
            && await session.Worker.LoadAsync(manifest, cancellationToken) is { Layers: [var cached] })
            return cached;
        var empty = await session.Worker.StoreAsync(EmptyImage(), [], cancellationToken);
        var layer = await CopyOntoAsync(empty, step, files, cancellationToken);
        var holder = await session.Worker.StoreAsync(EmptyImage() with { RootFs = new RootFs { DiffIds = [layer.Digest] } }, [layer], cancellationToken);
        session.Worker.Cache.Remember(linkKey, holder.Manifest);
        return layer;
    }

    /// <summary>Where COPY reads: the context, or the rootfs of a stage or an image (<c>--from</c>), mounted for the step.</summary>
    private async Task<OpenedSource> OpenSourceAsync(string? from, Stage stage, CancellationToken cancellationToken)
    {
        if (from is null) return new OpenedSource(context, "context", null);
        BuildImage image;
        string key;
        if (session.Dockerfile.FindStage(from, before: stage.Index) is { } source && session.Stages.TryGetValue(source.Index, out var built))
        {
            (image, key) = (built.Image, built.Key);
        }
        else
        {
            image = await session.Worker.FindImageAsync(from, null, session.Request.Pull, cancellationToken)
                ?? throw new BuildFailedException($"--from={from}: no stage or image of that name");
            key = CacheKey.ForImage(image.Id.ToString());
        }
        var rootfs = await session.Worker.MountAsync(image, cancellationToken);
        return new OpenedSource(new CopySources(rootfs.Path, IgnoreFile.Empty), key, rootfs);
    }

    private sealed record OpenedSource(CopySources Files, string Key, IBuildRootfs? Rootfs) : IAsyncDisposable
    {
        public ValueTask DisposeAsync() => Rootfs?.DisposeAsync() ?? ValueTask.CompletedTask;
    }
}
