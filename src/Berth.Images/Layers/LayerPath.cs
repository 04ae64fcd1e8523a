namespace Berth.Images.Layers;

/// <summary>Lexical handling of the names in a layer tar, before anything touches the disk.</summary>
internal static class LayerPath
{
    /// <summary>
    /// Splits a tar name into its components relative to the layer root: a leading '/' is dropped (absolute
    /// names are confined to the root, as Docker does), '.' and empty parts vanish, '..' takes one back.
    /// Returns null when '..' would climb above the root.
    /// </summary>
    public static string[]? Split(string name)
    {
        var parts = new List<string>();
        foreach (var part in name.Split('/'))
        {
            switch (part)
            {
                case "" or ".":
                    break;
                case "..":
                    if (parts.Count == 0)
                    {
                        return null;
                    }
                    parts.RemoveAt(parts.Count - 1);
                    break;
                default:
                    parts.Add(part);
                    break;
            }
        }
        return [.. parts];
    }

    public static string Join(string parent, string name) => parent.Length == 0 ? name : $"{parent}/{name}";
}
