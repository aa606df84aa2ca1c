using System.Diagnostics;

namespace StrictMail.TestSupport.Dnssec;

/// <summary>
/// A DNS zone signed at test time with ldns (ldns-keygen ECDSAP256SHA256 for a ZSK and a KSK, ldns-signzone -n): the
/// zone file nsd serves and the KSK's key file a validating resolver takes as its trust anchor.
/// </summary>
internal sealed class SignedZone
{
    private SignedZone(string origin, string signedFile, string trustAnchorFile)
    {
        Origin = origin;
        SignedFile = signedFile;
        TrustAnchorFile = trustAnchorFile;
    }

    /// <summary>The zone's name, without the trailing dot.</summary>
    public string Origin { get; }

    /// <summary>The signed zone file.</summary>
    public string SignedFile { get; }

    /// <summary>The KSK's DNSKEY as a zone file line: unbound's trust-anchor-file.</summary>
    public string TrustAnchorFile { get; }

    /// <summary>Signs <paramref name="records"/> (zone file lines relative to the origin; SOA and NS added) in <paramref name="directory"/>.</summary>
    /// <param name="origin">The zone, e.g. "partner.test".</param>
    /// <param name="nameServer">The address the zone's NS name resolves to (the nsd serving it).</param>
    /// <param name="records">Lines such as "mx IN A 127.0.0.1" or "_25._tcp.mx IN TLSA 3 1 1 ab...".</param>
    /// <param name="directory">Where the key and zone files go.</param>
    public static async Task<SignedZone> CreateAsync(string origin, System.Net.IPAddress nameServer, IEnumerable<string> records, string directory)
    {
        ArgumentNullException.ThrowIfNull(records);
        var zone = Path.Combine(directory, origin + ".zone");
        var lines = new List<string>
        {
            $"$ORIGIN {origin}.",
            "$TTL 300",
            $"@ IN SOA ns.{origin}. hostmaster.{origin}. 1 3600 600 86400 300",
            $"@ IN NS ns.{origin}.",
            $"ns IN A {nameServer}",
        };
        lines.AddRange(records);
        await File.WriteAllLinesAsync(zone, lines);
        var zsk = await RunAsync(directory, "ldns-keygen", "-a", "ECDSAP256SHA256", origin);
        var ksk = await RunAsync(directory, "ldns-keygen", "-a", "ECDSAP256SHA256", "-k", origin);
        await RunAsync(directory, "ldns-signzone", "-n", zone, zsk, ksk);
        return new SignedZone(origin, zone + ".signed", Path.Combine(directory, ksk + ".key"));
    }

    /// <summary>Runs an ldns tool in <paramref name="directory"/>; its first output line (ldns-keygen prints the key's base name).</summary>
    private static async Task<string> RunAsync(string directory, string tool, params string[] arguments)
    {
        var start = new ProcessStartInfo(Path.Combine("/usr/bin", tool))
        {
            WorkingDirectory = directory,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        foreach (var argument in arguments)
        {
            start.ArgumentList.Add(argument);
        }

        if (!File.Exists(start.FileName))
        {
            throw new FileNotFoundException($"{tool} is not installed: run `make deps` (Debian package ldnsutils).", start.FileName);
        }

        using var process = Process.Start(start) ?? throw new InvalidOperationException($"could not start {tool}");
        var output = await process.StandardOutput.ReadToEndAsync();
        var error = await process.StandardError.ReadToEndAsync();
        await process.WaitForExitAsync();
        return process.ExitCode == 0
            ? output.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries).FirstOrDefault() ?? string.Empty
            : throw new InvalidOperationException($"{tool} {string.Join(' ', arguments)} failed ({process.ExitCode}): {error}");
    }

    /// <summary>
    /// Changes the last character of the first <paramref name="type"/> record of <paramref name="owner"/> in the signed file,
    /// so its signature no longer verifies: a validating resolver then answers SERVFAIL (bogus). Call before nsd loads it.
    /// </summary>
    public void Corrupt(string owner, string type)
    {
        var name = owner.TrimEnd('.') + ".";
        var lines = File.ReadAllLines(SignedFile);
        var index = Array.FindIndex(lines, l =>
            l.Split('\t', StringSplitOptions.RemoveEmptyEntries) is { Length: > 4 } f
            && string.Equals(f[0], name, StringComparison.OrdinalIgnoreCase) && f[2] == "IN" && f[3] == type);
        if (index < 0)
        {
            throw new InvalidOperationException($"no {type} record of {name} in {SignedFile}");
        }

        var line = lines[index];
        lines[index] = line[..^1] + (line[^1] == '0' ? '1' : '0');
        File.WriteAllLines(SignedFile, lines);
    }
}
