// Public types of the MusicGen library as the compiler exports them (nested public types included).
// Usage (from the repository root): dotnet build lib/MusicGen -c Release && dotnet fsi tests/scripts/api/public_types.fsx [MusicGen.Core.dll] [--list]
let args = fsi.CommandLineArgs |> Array.skip 1
let dll = args |> Array.tryFind (fun a -> a.EndsWith ".dll") |> Option.defaultValue "lib/MusicGen/bin/Release/net10.0/MusicGen.Core.dll"
let types = System.Reflection.Assembly.LoadFrom(System.IO.Path.GetFullPath dll).GetExportedTypes() |> Array.map (fun t -> t.FullName) |> Array.sort
if Array.contains "--list" args then types |> Array.iter (printfn "%s")
printfn "%d public types in %s" types.Length dll
