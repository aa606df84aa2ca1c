using StrictMail.Operator.Compilation;

namespace StrictMail.Operator.Controller;

/// <summary>What the converter reads besides the policies: where the ConfigMap goes and who may use the privileged settings.</summary>
/// <param name="ConfigMapName">The ConfigMap the relays mount.</param>
/// <param name="ConfigMapNamespace">Its namespace (the operator's own).</param>
/// <param name="Permissions">Which namespaces may reroute or unprotect mail (compared by value).</param>
internal sealed record ConversionSettings(string ConfigMapName, string ConfigMapNamespace, NamespacePermissions Permissions);
