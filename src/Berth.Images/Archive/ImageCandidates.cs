using Berth.Images.References;
using Berth.Oci;

namespace Berth.Images.Archive;

/// <summary>An image an archive declares, before it is verified: its manifest and its names.</summary>
internal sealed record ImageCandidate(Digest Manifest, IReadOnlyList<ImageReference> Names);

/// <summary>
/// The images of an archive in the order first declared. An archive names one manifest once per tag
/// (Docker's index.json), so declarations of one manifest merge into one image with all the names.
/// </summary>
internal sealed class ImageCandidates
{
    private readonly Dictionary<Digest, List<ImageReference>> _names = [];
    private readonly List<Digest> _order = [];

    public void Add(Digest manifest, IEnumerable<ImageReference> names)
    {
        if (!_names.TryGetValue(manifest, out var known))
        {
            known = [];
            _names.Add(manifest, known);
            _order.Add(manifest);
        }
        foreach (var name in names)
        {
            if (!known.Contains(name)) known.Add(name);
        }
    }

    public IReadOnlyList<ImageCandidate> ToList() => _order.Select(manifest => new ImageCandidate(manifest, _names[manifest])).ToList();
}
