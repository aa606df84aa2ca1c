namespace StrictMail.TestSupport.Postfix;

/// <summary>Creates and removes one instance's directory tree, with the owners and modes Postfix insists on.</summary>
internal static class PostfixLayout
{
    private const UnixFileMode Traversable =
        UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute
        | UnixFileMode.GroupRead | UnixFileMode.GroupExecute | UnixFileMode.OtherRead | UnixFileMode.OtherExecute;

    /// <summary>An MX's tree: <see cref="CreateDirectoriesAsync"/>, its certificate and key, and its main.cf.</summary>
    public static async Task CreateAsync(PostfixMxOptions options, PostfixPaths paths)
    {
        if (!OperatingSystem.IsLinux())
        {
            throw new PlatformNotSupportedException("The Postfix test MX runs on Linux only.");
        }

        await CreateDirectoriesAsync(paths);
        if (options.CertificateFile is not null && options.KeyFile is not null)
        {
            // Copies, so the instance does not depend on the caller's files living as long, and the key is root-only.
            System.IO.Directory.CreateDirectory(Path.GetDirectoryName(paths.KeyFile)!, Traversable);
            File.Copy(options.CertificateFile, paths.CertificateFile);
            File.Copy(options.KeyFile, paths.KeyFile);
            File.SetUnixFileMode(paths.KeyFile, UnixFileMode.UserRead | UnixFileMode.UserWrite);
        }

        if (options.KeepsMail)
        {
            // virtual(8) writes as nobody.
            System.IO.Directory.CreateDirectory(paths.Mail, Traversable | UnixFileMode.GroupWrite | UnixFileMode.OtherWrite);
            File.SetUnixFileMode(paths.Mail, Traversable | UnixFileMode.GroupWrite | UnixFileMode.OtherWrite);
        }

        await File.WriteAllTextAsync(Path.Combine(paths.Config, "main.cf"), PostfixConfigFiles.MainCf(options, paths));
    }

    /// <summary>The config, queue and data directories under the (existing) root, with the owners and modes Postfix needs.</summary>
    public static async Task CreateDirectoriesAsync(PostfixPaths paths)
    {
        if (!OperatingSystem.IsLinux())
        {
            throw new PlatformNotSupportedException("A private Postfix instance runs on Linux only.");
        }

        // Daemons run as the postfix user and must reach data/ through the root.
        File.SetUnixFileMode(paths.Root, Traversable);
        System.IO.Directory.CreateDirectory(paths.Config, Traversable);
        System.IO.Directory.CreateDirectory(paths.Queue, Traversable);
        System.IO.Directory.CreateDirectory(paths.Data, Traversable);
        // master takes its lock in data/ as the postfix user; queue/ subdirectories are made by "postfix start".
        var (exitCode, output) = await PostfixCommand.RunAsync(PostfixCommand.Locate("chown"), "postfix:postfix", paths.Data);
        if (exitCode != 0)
        {
            throw new InvalidOperationException($"chown postfix {paths.Data} failed: {output}");
        }
    }

    /// <summary>
    /// Postfix re-reads a config file in 300 ms steps until it is over a second old (so it never reads one mid-write):
    /// freshly written files would cost each of the start script's dozen postconf calls that wait.
    /// </summary>
    public static void Backdate(PostfixPaths paths)
    {
        foreach (var file in System.IO.Directory.GetFiles(paths.Config, "*.cf"))
        {
            File.SetLastWriteTimeUtc(file, DateTime.UtcNow.AddMinutes(-1));
        }
    }

    /// <summary>Stops the instance, waits for its master to exit (killing it at the deadline) and deletes the tree.</summary>
    public static async Task TearDownAsync(PostfixPaths paths)
    {
        // Stop even without a pid file: a half-started master must not outlive the test. Its exit code does not matter.
        var pid = PostfixMaster.ReadPid(paths);
        if (File.Exists(Path.Combine(paths.Config, "master.cf")))
        {
            await PostfixCommand.StopAsync(paths.Config);
        }

        if (pid is not null)
        {
            await PostfixMaster.WaitForExitAsync(pid.Value, TimeSpan.FromSeconds(10));
        }

        await DeleteAsync(paths);
    }

    /// <summary>Deletes the tree; daemons still exiting after master may hold it for a moment.</summary>
    public static async Task DeleteAsync(PostfixPaths paths)
    {
        for (var attempt = 1; ; attempt++)
        {
            try
            {
                if (System.IO.Directory.Exists(paths.Root))
                {
                    System.IO.Directory.Delete(paths.Root, recursive: true);
                }

                return;
            }
            catch (IOException) when (attempt < 20)
            {
                await Task.Delay(100);
            }
        }
    }
}
