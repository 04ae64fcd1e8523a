using System.Runtime.Versioning;

// The code under test is Linux only; so are its tests (real mounts, device nodes, xattrs).
[assembly: SupportedOSPlatform("linux")]
