// Placeholder until the GitHub feature lands.
import * as vscode from 'vscode';
import type { Feature, Services } from '../services';

export type GitHubCommandId =
  | 'kata.github.signIn' | 'kata.github.setToken' | 'kata.github.clearToken'
  | 'kata.prs.refresh' | 'kata.prs.loadMore' | 'kata.prs.open' | 'kata.prs.checkout' | 'kata.prs.copyLink'
  | 'kata.pr.create' | 'kata.pr.submitDraft' | 'kata.pr.toggleDraft' | 'kata.pr.draftWithAi';

export function createGitHubFeature(_services: Services): Feature<GitHubCommandId> {
  const todo = () => vscode.window.showInformationMessage('Kata Cloud: GitHub is not available yet.');
  return {
    commands: {
      'kata.github.signIn': todo, 'kata.github.setToken': todo, 'kata.github.clearToken': todo,
      'kata.prs.refresh': todo, 'kata.prs.loadMore': todo, 'kata.prs.open': todo, 'kata.prs.checkout': todo,
      'kata.prs.copyLink': todo, 'kata.pr.create': todo, 'kata.pr.submitDraft': todo, 'kata.pr.toggleDraft': todo,
      'kata.pr.draftWithAi': todo,
    },
    disposables: [],
  };
}
