using System.Collections.Immutable;
using System.Reflection.Metadata;
using System.Reflection.Metadata.Ecma335;
using System.Reflection.PortableExecutable;
using System.Text.RegularExpressions;

namespace MusicGen.Notebooks.Tests.Interactive;

/// <summary>
/// Reads, from metadata only, every FSharp.Core type and member an assembly references, and
/// lists those an FSharp.Core file does not define (same name, same signature). An empty list for
/// Plotly.NET against the FSharp.Core that .NET Interactive loads means FSharpCoreBridge's
/// substitution cannot end in a MissingMethodException or TypeLoadException.
/// </summary>
internal static partial class FSharpCoreMemberCheck
{
    public static (int Checked, List<string> Missing) Check(string assemblyPath, string fsharpCorePath)
    {
        using var corePe = new PEReader(File.OpenRead(fsharpCorePath));
        var core = corePe.GetMetadataReader();
        var types = new Dictionary<string, TypeDefinitionHandle>(StringComparer.Ordinal);
        foreach (var h in core.TypeDefinitions) types[DefinitionName(core, h)] = h;

        using var pe = new PEReader(File.OpenRead(assemblyPath));
        var md = pe.GetMetadataReader();
        var provider = new NameProvider();
        var missing = new List<string>();
        int count = 0;
        foreach (var h in md.TypeReferences.Where(h => IsFSharpCore(md, h)))
        {
            count++;
            if (!types.ContainsKey(ReferenceName(md, h))) missing.Add("type " + ReferenceName(md, h));
        }
        foreach (var h in md.MemberReferences)
        {
            var member = md.GetMemberReference(h);
            var parent = member.Parent.Kind switch
            {
                HandleKind.TypeReference => provider.GetTypeFromReference(md, (TypeReferenceHandle)member.Parent, 0),
                HandleKind.TypeSpecification => md.GetTypeSpecification((TypeSpecificationHandle)member.Parent).DecodeSignature(provider, null),
                _ => null,
            };
            if (parent is null || !parent.StartsWith("{FSharp.Core}", StringComparison.Ordinal)) continue;
            count++;
            var typeName = Unscoped(parent.Split('<')[0]);
            var name = md.GetString(member.Name);
            if (!types.TryGetValue(typeName, out var type)) { missing.Add($"{typeName}::{name} (type missing)"); continue; }
            var definition = core.GetTypeDefinition(type);
            bool found;
            if (member.GetKind() == MemberReferenceKind.Method)
            {
                var wanted = Signature(member.DecodeMethodSignature(provider, null));
                found = definition.GetMethods().Select(core.GetMethodDefinition)
                    .Any(m => core.GetString(m.Name) == name && Signature(m.DecodeSignature(provider, null)) == wanted);
            }
            else
            {
                var wanted = Unscoped(member.DecodeFieldSignature(provider, null));
                found = definition.GetFields().Select(core.GetFieldDefinition)
                    .Any(f => core.GetString(f.Name) == name && Unscoped(f.DecodeSignature(provider, null)) == wanted);
            }
            if (!found) missing.Add($"{typeName}::{name}");
        }
        return (count, missing);
    }

    /// <summary>True when the assembly references FSharp.Core of a later version than <paramref name="fsharpCorePath"/>'s.</summary>
    public static bool ReferencesNewerFSharpCore(string assemblyPath, string fsharpCorePath)
    {
        using var corePe = new PEReader(File.OpenRead(fsharpCorePath));
        var have = corePe.GetMetadataReader().GetAssemblyDefinition().Version;
        using var pe = new PEReader(File.OpenRead(assemblyPath));
        if (!pe.HasMetadata) return false;
        var md = pe.GetMetadataReader();
        return md.AssemblyReferences.Select(md.GetAssemblyReference).Any(r => md.GetString(r.Name) == "FSharp.Core" && r.Version > have);
    }

    private static string Signature(MethodSignature<string> s) =>
        Unscoped($"{(s.Header.IsInstance ? "instance " : "")}{s.GenericParameterCount} {s.ReturnType}({string.Join(",", s.ParameterTypes)})");

    /// <summary>Signatures compare by type names: the two files name other assemblies differently.</summary>
    private static string Unscoped(string name) => Scope().Replace(name, "");

    [GeneratedRegex(@"\{[^}]*\}")]
    private static partial Regex Scope();

    private static bool IsFSharpCore(MetadataReader md, TypeReferenceHandle h)
    {
        var scope = md.GetTypeReference(h).ResolutionScope;
        while (scope.Kind == HandleKind.TypeReference) scope = md.GetTypeReference((TypeReferenceHandle)scope).ResolutionScope;
        return scope.Kind == HandleKind.AssemblyReference && md.GetString(md.GetAssemblyReference((AssemblyReferenceHandle)scope).Name) == "FSharp.Core";
    }

    private static string ReferenceName(MetadataReader md, TypeReferenceHandle h)
    {
        var r = md.GetTypeReference(h);
        var own = md.GetString(r.Namespace) is { Length: > 0 } ns ? ns + "." + md.GetString(r.Name) : md.GetString(r.Name);
        return r.ResolutionScope.Kind == HandleKind.TypeReference ? ReferenceName(md, (TypeReferenceHandle)r.ResolutionScope) + "/" + own : own;
    }

    private static string DefinitionName(MetadataReader md, TypeDefinitionHandle h)
    {
        var d = md.GetTypeDefinition(h);
        var own = md.GetString(d.Namespace) is { Length: > 0 } ns ? ns + "." + md.GetString(d.Name) : md.GetString(d.Name);
        var outer = d.GetDeclaringType();
        return outer.IsNil ? own : DefinitionName(md, outer) + "/" + own;
    }

    /// <summary>Type names as strings; references carry their assembly as "{Name}".</summary>
    private sealed class NameProvider : ISignatureTypeProvider<string, object?>
    {
        public string GetPrimitiveType(PrimitiveTypeCode typeCode) => typeCode.ToString();
        public string GetTypeFromDefinition(MetadataReader reader, TypeDefinitionHandle handle, byte rawTypeKind) => DefinitionName(reader, handle);
        public string GetTypeFromReference(MetadataReader reader, TypeReferenceHandle handle, byte rawTypeKind)
        {
            var scope = reader.GetTypeReference(handle).ResolutionScope;
            while (scope.Kind == HandleKind.TypeReference) scope = reader.GetTypeReference((TypeReferenceHandle)scope).ResolutionScope;
            var prefix = scope.Kind == HandleKind.AssemblyReference ? "{" + reader.GetString(reader.GetAssemblyReference((AssemblyReferenceHandle)scope).Name) + "}" : "";
            return prefix + ReferenceName(reader, handle);
        }
        public string GetTypeFromSpecification(MetadataReader reader, object? genericContext, TypeSpecificationHandle handle, byte rawTypeKind) =>
            reader.GetTypeSpecification(handle).DecodeSignature(this, genericContext);
        public string GetSZArrayType(string elementType) => elementType + "[]";
        public string GetArrayType(string elementType, ArrayShape shape) => elementType + "[" + new string(',', shape.Rank - 1) + "]";
        public string GetByReferenceType(string elementType) => elementType + "&";
        public string GetPointerType(string elementType) => elementType + "*";
        public string GetPinnedType(string elementType) => elementType + " pinned";
        public string GetGenericInstantiation(string genericType, ImmutableArray<string> typeArguments) => genericType + "<" + string.Join(",", typeArguments) + ">";
        public string GetGenericMethodParameter(object? genericContext, int index) => "!!" + index;
        public string GetGenericTypeParameter(object? genericContext, int index) => "!" + index;
        public string GetFunctionPointerType(MethodSignature<string> signature) => "fnptr(" + string.Join(",", signature.ParameterTypes) + ")";
        public string GetModifiedType(string modifier, string unmodifiedType, bool isRequired) => unmodifiedType + (isRequired ? " modreq(" : " modopt(") + modifier + ")";
    }
}
