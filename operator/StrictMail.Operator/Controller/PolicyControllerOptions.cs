using StrictMail.Operator.Compilation;

namespace StrictMail.Operator.Controller;

/// <summary>Where the TlsPolicy controller writes the document and finds the relays.</summary>
internal sealed class PolicyControllerOptions
{
    /// <summary>The ConfigMap the relays mount.</summary>
    public string ConfigMapName { get; init; } = "strictmail-policy";

    /// <summary>The namespace of the ConfigMap and of the relay pods (the operator's own).</summary>
    public string Namespace { get; init; } = "strictmail-system";

    /// <summary>Which namespaces may use nextHop, level None and "*"; null: only <see cref="Namespace"/>.</summary>
    public NamespacePermissions? PrivilegedNamespaces { get; init; }

    /// <summary>The permissions in force: <see cref="PrivilegedNamespaces"/>, or the operator's own namespace alone.</summary>
    public NamespacePermissions Permissions => PrivilegedNamespaces ?? NamespacePermissions.Only([Namespace]);

    /// <summary>What the converter reads besides the policies.</summary>
    public ConversionSettings Conversion => new(ConfigMapName, Namespace, Permissions);

    /// <summary>Label selector of the relay pods.</summary>
    public string RelaySelector { get; init; } = "app.kubernetes.io/name=strictmail,app.kubernetes.io/component=relay";

    /// <summary>The relays' admin port (GET /policy by pod IP).</summary>
    public int RelayAdminPort { get; init; } = 9464;

    /// <summary>How long one relay may take to answer.</summary>
    public TimeSpan RelayTimeout { get; init; } = TimeSpan.FromSeconds(2);

    /// <summary>How long one reading of the relay fleet serves every reconciliation.</summary>
    public TimeSpan RelayCacheTime { get; init; } = TimeSpan.FromSeconds(1);

    /// <summary>How often the stored ConfigMap is read back even when nothing changed (repairs hand edits and deletion).</summary>
    public TimeSpan ConfigMapVerifyPeriod { get; init; } = TimeSpan.FromMinutes(1);

    /// <summary>How soon a policy not yet applied on every relay is looked at again.</summary>
    public TimeSpan AppliedRequeue { get; init; } = TimeSpan.FromSeconds(5);
}
