import { Directory, DirectoryState } from '@bayrecon/common';

/** Injection token of the directory as the instance read it from the ledger at start. */
export const DIRECTORY_AT_START = Symbol('DirectoryAtStart');

/**
 * The member directory as this instance knows it: read from the ledger at start (the consortium channel's directory
 * contract) and replaced whenever the projection applies a DirectoryChanged event, so that a bank admitted on the
 * running network is known to every instance (its BICs, its pairs' channels) without a restart. Nothing of it is
 * compiled in.
 */
export class MemberDirectoryService {
  private directory: Directory;
  private readonly listeners: ((directory: Directory) => void)[] = [];

  constructor(initial: DirectoryState) {
    this.directory = new Directory(initial);
  }

  /** The directory in force. */
  current(): Directory {
    return this.directory;
  }

  /** Replaces the directory with a newer version (an older or equal one is ignored) and tells the listeners. */
  update(state: DirectoryState): void {
    if (state.version <= this.directory.version) return;
    this.directory = new Directory(state);
    for (const listener of this.listeners) listener(this.directory);
  }

  /** Calls `listener` after every change of the directory. */
  onChange(listener: (directory: Directory) => void): void {
    this.listeners.push(listener);
  }
}
