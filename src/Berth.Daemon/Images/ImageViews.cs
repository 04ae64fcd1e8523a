using Berth.Api.Models;
using Berth.Engine.Images;
using Berth.Images.References;
using Berth.Oci;

namespace Berth.Daemon.Images;

/// <summary>Maps the engine's image details onto Docker's wire shapes.</summary>
public static class ImageViews
{
    public static ImageSummary Summary(ImageDetails image, IEnumerable<ImageReference> shownNames) => new()
    {
        Id = image.Id.ToString(),
        ParentId = "",
        RepoTags = shownNames.Where(n => n.Digest is null).Select(n => n.FamiliarString).ToList(),
        RepoDigests = image.RepoDigests.Select(n => n.FamiliarString).ToList(),
        Created = (image.Config.Created ?? image.Record.Created).ToUnixTimeSeconds(),
        Size = image.Record.Size,
        Labels = image.Config.Config?.Labels ?? [],
    };

    public static ImageInspect Inspect(ImageDetails image, bool withDescriptor, Descriptor manifestDescriptor)
    {
        var config = image.Config.Config ?? new ContainerConfig();
        return new ImageInspect
        {
            Id = image.Id.ToString(),
            RepoTags = image.Tags.Select(n => n.FamiliarString).ToList(),
            RepoDigests = image.RepoDigests.Select(n => n.FamiliarString).ToList(),
            Parent = "",
            Comment = image.Config.Comment ?? "",
            Created = GoTime.Format(image.Config.Created ?? image.Record.Created),
            DockerVersion = "",
            Author = image.Config.Author ?? "",
            Config = new InspectConfig
            {
                User = config.User ?? "",
                ExposedPorts = config.ExposedPorts,
                Env = config.Env,
                Cmd = config.Cmd,
                Healthcheck = config.Healthcheck,
                ArgsEscaped = config.ArgsEscaped,
                Volumes = config.Volumes,
                WorkingDir = config.WorkingDir ?? "",
                Entrypoint = config.Entrypoint,
                OnBuild = config.OnBuild,
                Labels = config.Labels,
                StopSignal = config.StopSignal,
                Shell = config.Shell,
            },
            Architecture = image.Config.Architecture,
            Variant = image.Config.Variant,
            Os = image.Config.Os,
            Size = image.Record.Size,
            GraphDriver = new GraphDriver("overlayfs", []),
            RootFS = new InspectRootFs("layers", image.Config.RootFs.DiffIds),
            Metadata = new InspectMetadata(GoTime.Format(DateTimeOffset.MinValue)),
            Descriptor = withDescriptor ? manifestDescriptor : null,
        };
    }

    public static ImageDeleteItem Deletion(ImageDeletion deletion) =>
        new() { Untagged = deletion.Untagged, Deleted = deletion.Deleted?.ToString() };
}
