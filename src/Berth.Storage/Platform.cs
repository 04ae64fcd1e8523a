// Snapshots are overlay and bind mounts, device nodes, owners and xattrs: Linux only.
[assembly: System.Runtime.Versioning.SupportedOSPlatform("linux")]
