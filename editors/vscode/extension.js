// replylint for VS Code: starts `replylint lsp` and lets VS Code's language client do the rest
// (diagnostics as you type, hover, quick fixes, "Fix all"). Drafts are plain text and Markdown;
// macro collections are the YAML/JSON files matched by the replylint.collections setting.
"use strict";

const { workspace } = require("vscode");
const { LanguageClient } = require("vscode-languageclient/node");

let client;

function activate(context) {
  const config = workspace.getConfiguration("replylint");
  const server = { command: config.get("path") || "replylint", args: ["lsp", ...config.get("args", [])] };
  const documentSelector = [
    { scheme: "file", language: "plaintext" },
    { scheme: "file", language: "markdown" },
    ...config.get("collections", []).map((pattern) => ({ scheme: "file", pattern })),
  ];
  client = new LanguageClient("replylint", "replylint", server, {
    documentSelector,
    synchronize: { fileEvents: workspace.createFileSystemWatcher("**/{.replylint.yaml,*.yaml,*.yml}") },
  });
  context.subscriptions.push({ dispose: () => client && client.stop() });
  return client.start();
}

function deactivate() {
  return client ? client.stop() : undefined;
}

module.exports = { activate, deactivate };
