// SPDX-License-Identifier: MIT
pragma solidity 0.8.30;

/// @title Child
/// @notice The tiny contract `Reverter.deploy` creates with CREATE2.
contract Child {
    address public immutable creator;

    constructor() {
        creator = msg.sender;
    }

    function ping() external pure returns (uint256) {
        return 42;
    }
}

/// @title Reverter
/// @notice Every flavour of failure (and a few odd successes) for testing error paths.
contract Reverter {
    uint256 public counter;

    event Ping(address indexed sender, uint256 value);
    event Pong(uint256 indexed index);
    event Deployed(address indexed child, bytes32 salt);

    error CustomError(uint256 code, string reason);

    receive() external payable {}

    /// @notice Reverts with `Error(string)`.
    function revertWithReason() external pure {
        require(false, "Reverter: reason string");
    }

    /// @notice Reverts with `CustomError(uint256,string)`.
    function revertWithCustomError() external pure {
        revert CustomError(42, "custom");
    }

    /// @notice Reverts with `Panic(0x12)`.
    function panicDivisionByZero(uint256 divisor) external pure returns (uint256) {
        return 1 / divisor;
    }

    /// @notice Reverts with `Panic(0x01)`.
    function panicAssert() external pure {
        assert(false);
    }

    /// @notice Reverts with empty return data.
    function revertEmpty() external pure {
        assembly {
            revert(0, 0)
        }
    }

    /// @notice Burns gas forever (until the transaction's gas runs out).
    function outOfGas() external {
        while (true) {
            counter += 1;
        }
    }

    /// @notice Emits `n` Pong events plus one Ping, then succeeds.
    function emitLogs(uint256 n) external payable {
        emit Ping(msg.sender, msg.value);
        for (uint256 i = 0; i < n; i++) {
            emit Pong(i);
        }
        counter += 1;
    }

    /// @notice Bumps `counter`, then calls `target.revertWithReason()`; the inner revert bubbles up
    /// unchanged and the bump is rolled back.
    function nestedRevert(address target) external {
        counter += 1;
        Reverter(payable(target)).revertWithReason();
    }

    /// @notice Bumps `counter`, calls `target.revertWithReason()` inside try/catch and succeeds,
    /// returning the inner reason (the bump survives, the inner frame is rolled back).
    function nestedCatch(address target) external returns (string memory) {
        counter += 1;
        try Reverter(payable(target)).revertWithReason() {
            return "";
        } catch Error(string memory reason) {
            return reason;
        }
    }

    /// @notice CREATE2-deploys a `Child` at a salt-determined address.
    function deploy(bytes32 salt) external returns (address child) {
        child = address(new Child{salt: salt}());
        emit Deployed(child, salt);
    }

    /// @notice The address `deploy(salt)` will produce.
    function computeAddress(bytes32 salt) external view returns (address) {
        bytes32 hash = keccak256(abi.encodePacked(bytes1(0xff), address(this), salt, keccak256(type(Child).creationCode)));
        return address(uint160(uint256(hash)));
    }

    /// @notice Sends this contract's balance to the caller via SELFDESTRUCT (EIP-6780 semantics).
    function destroy() external {
        selfdestruct(payable(msg.sender));
    }

    /// @notice Reads `address(this).balance` (the SELFBALANCE opcode).
    function selfBalance() external view returns (uint256) {
        return address(this).balance;
    }

    /// @notice Exercises the sha256 (0x02) and ecrecover (0x01) precompiles.
    function precompiles(bytes calldata data, bytes32 digest, uint8 v, bytes32 r, bytes32 s)
        external
        pure
        returns (bytes32 hash, address signer)
    {
        hash = sha256(data);
        signer = ecrecover(digest, v, r, s);
    }
}
