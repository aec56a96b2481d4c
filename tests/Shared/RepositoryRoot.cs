namespace Migration.Tests.Shared;

/// <summary>The repository's root: the folder above the test assembly that holds Migration.sln.</summary>
public static class RepositoryRoot
{
    public static string Path { get; } = Find();

    private static string Find()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(System.IO.Path.Combine(dir.FullName, "Migration.sln")))
                return dir.FullName;
        }
        throw new InvalidOperationException($"Migration.sln not found above {AppContext.BaseDirectory}.");
    }
}
