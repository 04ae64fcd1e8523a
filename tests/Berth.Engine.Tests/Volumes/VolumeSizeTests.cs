using Berth.Engine.Volumes;

namespace Berth.Engine.Tests.Volumes;

public sealed class VolumeSizeTests
{
    [Fact]
    public void Measure_AddsFileLengths_InSubdirectories_WithoutFollowingLinks()
    {
        var root = Directory.CreateTempSubdirectory("berth-size-");
        try
        {
            File.WriteAllBytes(Path.Join(root.FullName, "a"), new byte[6]);
            Directory.CreateDirectory(Path.Join(root.FullName, "sub", "deeper"));
            File.WriteAllBytes(Path.Join(root.FullName, "sub", "deeper", "b"), new byte[1000]);
            // A link to a big tree outside must not count.
            Directory.CreateSymbolicLink(Path.Join(root.FullName, "usr"), "/usr");
            File.CreateSymbolicLink(Path.Join(root.FullName, "link-to-a"), "a");
            Assert.Equal(1006, VolumeSize.Measure(root.FullName, CancellationToken.None));
            Assert.Equal(0, VolumeSize.Measure(Path.Join(root.FullName, "missing"), CancellationToken.None));
        }
        finally
        {
            root.Delete(recursive: true);
        }
    }
}
