import Foundation
import SenseVecCore

/// The check every command runs on the files it will write before it does any work: each output's folder
/// exists and is writable, the output is not a folder, no output is the same file as an input (same device
/// and inode, so hard links, symbolic links and `./x` vs `x` are all caught), no output lies inside an input
/// folder (where it would become part of that input), and no two outputs name the same file. Standard input
/// (`-`) and missing inputs are skipped (the readers report those).
enum OutputPaths {
    /// Checks `outputs` (the option that names each file, and the path; nil entries are skipped) against
    /// `inputs` (paths read by the command: files, and folders whose files are read; a command that expands
    /// folders passes the folders and their files).
    static func check(_ outputs: [(option: String, path: String?)], inputs: [String?]) throws {
        let named = outputs.compactMap { o in o.path.map { (option: o.option, path: $0) } }
        var seen: [(option: String, path: String, resolved: String)] = []
        for (option, path) in named {
            guard !path.isEmpty else { throw SenseVecError("\(option) is empty: give a file name") }
            var st = stat()
            let exists = stat(path, &st) == 0
            if exists && (st.st_mode & S_IFMT) == S_IFDIR {
                throw SenseVecError("cannot write \(option) '\(path)': it is a folder")
            }
            let folder = folder(of: path)
            var dst = stat()
            guard stat(folder, &dst) == 0 else {
                throw SenseVecError("cannot write \(option) '\(path)': the folder '\(folder)' does not exist")
            }
            guard (dst.st_mode & S_IFMT) == S_IFDIR else {
                throw SenseVecError("cannot write \(option) '\(path)': '\(folder)' is not a folder")
            }
            guard access(folder, W_OK) == 0 else {
                throw SenseVecError("cannot write \(option) '\(path)': \(String(cString: strerror(errno))) (folder '\(folder)')")
            }
            if exists {
                for case let input? in inputs where input != "-" {
                    var ist = stat()
                    if stat(input, &ist) == 0 && ist.st_dev == st.st_dev && ist.st_ino == st.st_ino {
                        throw SenseVecError("\(option) '\(path)' is the input '\(input)': writing it would replace the input; choose another name")
                    }
                }
            }
            let resolved = resolve(path)
            for case let input? in inputs where input != "-" {
                var ist = stat()
                guard stat(input, &ist) == 0, (ist.st_mode & S_IFMT) == S_IFDIR, let real = realpath(input, nil) else { continue }
                let folder = String(cString: real)
                free(real)
                if resolved.hasPrefix(folder.hasSuffix("/") ? folder : folder + "/") {
                    throw SenseVecError("\(option) '\(path)' is inside the input folder '\(input)': it would become part of that input; write it elsewhere")
                }
            }
            if let other = seen.first(where: { $0.resolved == resolved }) {
                throw SenseVecError("\(other.option) and \(option) name the same file '\(path)'; give them different names")
            }
            seen.append((option, path, resolved))
        }
    }

    /// The folder of `path` (`.` for a bare name, `/` for a file at the root).
    static func folder(of path: String) -> String {
        var p = Substring(path)
        while p.count > 1 && p.hasSuffix("/") { p = p.dropLast() }
        guard let slash = p.lastIndex(of: "/") else { return "." }
        var folder = p[..<slash]
        while folder.count > 1 && folder.hasSuffix("/") { folder = folder.dropLast() }
        return folder.isEmpty ? "/" : String(folder)
    }

    /// `path` with its folder resolved (symbolic links, `.` and `..`), for comparing files that may not exist yet.
    static func resolve(_ path: String) -> String {
        let name = path.split(separator: "/").last.map(String.init) ?? path
        guard let real = realpath(folder(of: path), nil) else { return path }
        defer { free(real) }
        var resolved = String(cString: real) + "/" + name
        // A symbolic link to another output is the same file.
        if let target = realpath(resolved, nil) { resolved = String(cString: target); free(target) }
        return resolved
    }
}

/// Output folders (`demo --out`, `corpus synth --out`): created with their parents when missing.
enum OutputFolder {
    /// Creates `path` (and missing parents); throws one line when a file is in the way or it cannot be created.
    static func create(_ path: String, option: String) throws {
        var st = stat()
        if stat(path, &st) == 0 {
            guard (st.st_mode & S_IFMT) == S_IFDIR else {
                throw SenseVecError("\(option) '\(path)' is a file, not a folder: give a folder name (it is created when missing)")
            }
        } else {
            try makeFolder(path, option: option, original: path)
        }
        guard access(path, W_OK) == 0 else {
            throw SenseVecError("cannot write into \(option) '\(path)': \(String(cString: strerror(errno)))")
        }
    }

    /// `mkdir -p`, with the reason of a failure (errno) in the message.
    private static func makeFolder(_ path: String, option: String, original: String) throws {
        if mkdir(path, 0o777) == 0 { return }
        var code = errno
        if code == ENOENT {
            let parent = OutputPaths.folder(of: path)
            if parent != "." && parent != "/" && parent != path {
                try makeFolder(parent, option: option, original: original)
                if mkdir(path, 0o777) == 0 { return }
                code = errno
            }
        }
        var st = stat()
        if code == EEXIST && stat(path, &st) == 0 && (st.st_mode & S_IFMT) == S_IFDIR { return }
        let reason = code == EEXIST ? "'\(path)' is a file" : code == ENOTDIR ? "a part of the path is a file, not a folder" : String(cString: strerror(code))
        throw SenseVecError("cannot create the folder \(option) '\(original)': \(reason)")
    }
}
